import type { RestColumn } from '../config/ingest-config.js';

/** Defaults a named REST preset fills in; anything set in ingest.yml overrides them. */
export interface RestPreset {
  baseUrl: string;
  endpoint: string;
  params: Record<string, string>;
  recordsPath: string;
  auth:
    | { type: 'none' }
    | { type: 'client_credentials'; tokenUrl: string; clientIdEnv: string; clientSecretEnv: string; clientIdHeader: string };
  pagination: { type: 'cursor'; cursorPath: string; cursorParam: string; pageSizeParam: string; pageSize: number };
  columns: readonly RestColumn[];
}

/** The columns of Twitch Helix `Get Streams`, typed as the snapshot files store them. */
export const HELIX_STREAM_COLUMNS: readonly RestColumn[] = [
  { name: 'id', type: 'VARCHAR' },
  { name: 'user_id', type: 'VARCHAR' },
  { name: 'user_login', type: 'VARCHAR' },
  { name: 'user_name', type: 'VARCHAR' },
  { name: 'game_id', type: 'VARCHAR' },
  { name: 'game_name', type: 'VARCHAR' },
  { name: 'type', type: 'VARCHAR' },
  { name: 'title', type: 'VARCHAR' },
  { name: 'viewer_count', type: 'BIGINT' },
  { name: 'started_at', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'language', type: 'VARCHAR' },
  { name: 'thumbnail_url', type: 'VARCHAR' },
  { name: 'is_mature', type: 'BOOLEAN' },
  { name: 'tags', type: 'VARCHAR[]' },
];

/** Presets by the name `preset:` takes in ingest.yml. */
export const REST_PRESETS: Readonly<Record<string, RestPreset>> = {
  helix_streams: {
    baseUrl: 'https://api.twitch.tv/helix',
    endpoint: '/streams',
    params: {},
    recordsPath: 'data',
    auth: {
      type: 'client_credentials',
      tokenUrl: 'https://id.twitch.tv/oauth2/token',
      clientIdEnv: 'CLIENT_ID',
      clientSecretEnv: 'CLIENT_SECRET',
      clientIdHeader: 'Client-Id',
    },
    pagination: { type: 'cursor', cursorPath: 'pagination.cursor', cursorParam: 'after', pageSizeParam: 'first', pageSize: 100 },
    columns: HELIX_STREAM_COLUMNS,
  },
};
