import { defineProjectTestConfig } from '../../vitest.shared.ts';

export default defineProjectTestConfig('s3-emulator');
