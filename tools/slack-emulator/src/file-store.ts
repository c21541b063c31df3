// Files uploaded the way Slack's current upload flow works: files.getUploadURLExternal reserves an
// ID and an upload URL, the bytes are POSTed there, files.completeUploadExternal titles the file and
// shares it into a channel. Bytes stay in memory; the emulator is for small test artefacts.

export interface SlackFileObject {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  editable: boolean;
  size: number;
  mode: 'hosted';
  is_external: boolean;
  external_type: string;
  is_public: boolean;
  public_url_shared: boolean;
  display_as_bot: boolean;
  username: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  channels: string[];
  groups: string[];
  ims: string[];
  comments_count: number;
  has_rich_preview: boolean;
  file_access: 'visible';
  alt_txt?: string;
  original_w?: number;
  original_h?: number;
  shares?: { public?: Record<string, { ts: string; thread_ts?: string; channel_name: string; team_id: string; share_user_id: string; reply_count: number; reply_users: string[]; reply_users_count: number; source: string }[]> };
}

export interface StoredFile {
  id: string;
  filename: string;
  declaredLength: number;
  altText?: string;
  snippetType?: string;
  user: string;
  created: number;
  /** The secret path segment of this file's upload URL. */
  uploadKey: string;
  content?: Buffer;
  title?: string;
  completed: boolean;
  shares: { channel: string; channelName: string; ts: string; threadTs?: string; isPrivate: boolean }[];
}

export interface ReserveFileOptions {
  filename: string;
  length: number;
  altText?: string;
  snippetType?: string;
  user: string;
}

export interface FileStore {
  reserve(options: ReserveFileOptions): StoredFile;
  byUploadKey(key: string): StoredFile | undefined;
  get(id: string): StoredFile | undefined;
  all(): StoredFile[];
  clear(): void;
}

export interface FileUrls {
  baseUrl: string;
  teamId: string;
}

export function createFileStore(makeId: () => string, makeKey: () => string, now: () => number = Date.now): FileStore {
  let files = new Map<string, StoredFile>();
  return {
    reserve(options) {
      const file: StoredFile = {
        id: makeId(),
        filename: options.filename,
        declaredLength: options.length,
        user: options.user,
        created: Math.floor(now() / 1000),
        uploadKey: makeKey(),
        completed: false,
        shares: [],
      };
      if (options.altText !== undefined) file.altText = options.altText;
      if (options.snippetType !== undefined) file.snippetType = options.snippetType;
      files.set(file.id, file);
      return file;
    },
    byUploadKey: (key) => [...files.values()].find((f) => f.uploadKey === key),
    get: (id) => files.get(id),
    all: () => [...files.values()],
    clear() {
      files = new Map();
    },
  };
}

const typesByExtension: Record<string, { mimetype: string; filetype: string; pretty: string }> = {
  png: { mimetype: 'image/png', filetype: 'png', pretty: 'PNG' },
  jpg: { mimetype: 'image/jpeg', filetype: 'jpg', pretty: 'JPEG' },
  jpeg: { mimetype: 'image/jpeg', filetype: 'jpg', pretty: 'JPEG' },
  gif: { mimetype: 'image/gif', filetype: 'gif', pretty: 'GIF' },
  webp: { mimetype: 'image/webp', filetype: 'webp', pretty: 'WebP' },
  svg: { mimetype: 'image/svg+xml', filetype: 'svg', pretty: 'SVG' },
  csv: { mimetype: 'text/csv', filetype: 'csv', pretty: 'CSV' },
  txt: { mimetype: 'text/plain', filetype: 'text', pretty: 'Plain Text' },
  log: { mimetype: 'text/plain', filetype: 'text', pretty: 'Plain Text' },
  md: { mimetype: 'text/plain', filetype: 'markdown', pretty: 'Markdown (raw)' },
  json: { mimetype: 'application/json', filetype: 'json', pretty: 'JSON' },
  yaml: { mimetype: 'text/plain', filetype: 'yaml', pretty: 'YAML' },
  yml: { mimetype: 'text/plain', filetype: 'yaml', pretty: 'YAML' },
  pdf: { mimetype: 'application/pdf', filetype: 'pdf', pretty: 'PDF' },
  zip: { mimetype: 'application/zip', filetype: 'zip', pretty: 'Zip' },
};

export function fileTypeOf(filename: string): { mimetype: string; filetype: string; pretty: string } {
  const extension = filename.includes('.') ? (filename.split('.').pop() ?? '').toLowerCase() : '';
  return typesByExtension[extension] ?? { mimetype: 'application/octet-stream', filetype: 'binary', pretty: 'Binary' };
}

/** Width and height of a PNG or GIF from its header, as Slack reports `original_w`/`original_h`. */
export function imageSizeOf(content: Buffer): { width: number; height: number } | undefined {
  if (content.length >= 24 && content.readUInt32BE(0) === 0x89504e47 && content.toString('ascii', 12, 16) === 'IHDR') {
    return { width: content.readUInt32BE(16), height: content.readUInt32BE(20) };
  }
  if (content.length >= 10 && content.toString('ascii', 0, 3) === 'GIF') {
    return { width: content.readUInt16LE(6), height: content.readUInt16LE(8) };
  }
  return undefined;
}

export function fileUrlPath(file: StoredFile, teamId: string): string {
  return `/files-pri/${teamId}-${file.id}/${encodeURIComponent(file.filename)}`;
}

/** The file object the Web API returns (files.completeUploadExternal, message `files`). */
export function toSlackFile(file: StoredFile, urls: FileUrls, botUserId: string): SlackFileObject {
  const type = fileTypeOf(file.filename);
  const out: SlackFileObject = {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.filename,
    title: file.title ?? file.filename,
    mimetype: type.mimetype,
    filetype: type.filetype,
    pretty_type: type.pretty,
    user: file.user,
    user_team: urls.teamId,
    editable: false,
    size: file.content?.length ?? 0,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: file.shares.some((s) => !s.isPrivate),
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${urls.baseUrl}${fileUrlPath(file, urls.teamId)}`,
    url_private_download: `${urls.baseUrl}/files-pri/${urls.teamId}-${file.id}/download/${encodeURIComponent(file.filename)}`,
    permalink: `${urls.baseUrl}/files/${botUserId}/${file.id}/${encodeURIComponent(file.filename)}`,
    channels: [...new Set(file.shares.filter((s) => !s.isPrivate).map((s) => s.channel))],
    groups: [...new Set(file.shares.filter((s) => s.isPrivate).map((s) => s.channel))],
    ims: [],
    comments_count: 0,
    has_rich_preview: false,
    file_access: 'visible',
  };
  if (file.altText !== undefined) out.alt_txt = file.altText;
  const size = file.content === undefined ? undefined : imageSizeOf(file.content);
  if (size !== undefined) {
    out.original_w = size.width;
    out.original_h = size.height;
  }
  if (file.shares.length > 0) {
    const shared: NonNullable<NonNullable<SlackFileObject['shares']>['public']> = {};
    for (const share of file.shares) {
      const entry: NonNullable<NonNullable<SlackFileObject['shares']>['public']>[string][number] = {
        ts: share.ts,
        channel_name: share.channelName,
        team_id: urls.teamId,
        share_user_id: file.user,
        reply_count: 0,
        reply_users: [],
        reply_users_count: 0,
        source: 'UNKNOWN',
      };
      if (share.threadTs !== undefined) entry.thread_ts = share.threadTs;
      (shared[share.channel] ??= []).push(entry);
    }
    out.shares = { public: shared };
  }
  return out;
}
