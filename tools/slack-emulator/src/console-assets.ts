import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The console page's files: plain HTML, CSS and browser JavaScript modules, served as they are.

const consoleDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'console');

const assets: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'render-mrkdwn.js': 'text/javascript; charset=utf-8',
  'render-blocks.js': 'text/javascript; charset=utf-8',
  'emoji.js': 'text/javascript; charset=utf-8',
};

/** The file for a console URL path, or undefined; only the known files are ever served. */
export function consoleAsset(urlPath: string): { file: string; contentType: string } | undefined {
  const name = urlPath === '/' || urlPath === '/index.html' ? 'index.html' : urlPath.startsWith('/console/') ? urlPath.slice('/console/'.length) : undefined;
  if (name === undefined) return undefined;
  const contentType = assets[name];
  return contentType === undefined ? undefined : { file: path.join(consoleDir, name), contentType };
}
