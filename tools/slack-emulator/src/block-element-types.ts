// Block Kit element types that more than one check needs to know.

/** Every select menu and multi-select (static, users, conversations, channels, external). */
export const selectElementTypes: readonly string[] = [
  'static_select',
  'multi_static_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'external_select',
  'multi_external_select',
];
