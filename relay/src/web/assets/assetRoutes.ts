/** The page's stylesheet and script, plain files served as they are (no build step). */
import fs from 'node:fs';
import { Hono } from 'hono';

const files: Record<string, { type: string; body: string }> = {
  'app.css': { type: 'text/css; charset=utf-8', body: fs.readFileSync(new URL('./app.css', import.meta.url), 'utf8') },
  'docs.css': { type: 'text/css; charset=utf-8', body: fs.readFileSync(new URL('./docs.css', import.meta.url), 'utf8') },
  'app.js': { type: 'text/javascript; charset=utf-8', body: fs.readFileSync(new URL('./app.js', import.meta.url), 'utf8') },
};

export function assetRoutes() {
  return new Hono().get('/:file', (c) => {
    const file = files[c.req.param('file')];
    if (!file) return c.text('not found', 404);
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'public, max-age=300' });
  });
}
