// What the api asks Slack about the workspace (not messages: those go through the notifier).
export { createSlackUserGroupResolver } from './user-group-members.ts';
export type { SlackUserGroupResolverOptions, UserGroupDirectory } from './user-group-members.ts';
