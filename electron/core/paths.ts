import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the browser mode keeps its database unless --db or DESK_DB says otherwise. */
export function defaultDbFile(): string {
  if (process.env.DESK_DB) return process.env.DESK_DB;
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'retention-desk', 'store.sqlite');
}

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The Vite build of the renderer; DESK_RENDERER_DIR points elsewhere (parallel builds during development). */
export const builtRendererDir = process.env.DESK_RENDERER_DIR ?? join(projectRoot, 'dist', 'renderer');
