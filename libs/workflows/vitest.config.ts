import { defineProjectTestConfig } from '../../vitest.shared.ts';

export default defineProjectTestConfig('workflows');
