/**
 * The API reference page, rendered on the server from the OpenAPI document: no script from a CDN
 * (our users' machines reach none), readable without JavaScript.
 */
export function referencePage(doc: { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> }): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  const rows = Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), summary: op.summary ?? '', tag: op.tags?.[0] ?? 'other' })))
    .sort((a, b) => a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path));
  const groups = [...new Set(rows.map((r) => r.tag))];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} — API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}code{font:13px ui-monospace,monospace}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}td{padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
.m{font-weight:600;width:5rem}.GET{color:#1a7f37}.POST{color:#0969da}.PUT{color:#9a6700}.DELETE{color:#cf222e}</style></head><body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1><p>${escape(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>.</p>
${groups
  .map(
    (group) => `<h2>${escape(group)}</h2><table>${rows
      .filter((r) => r.tag === group)
      .map((r) => `<tr><td class="m ${r.method}">${r.method}</td><td><code>${escape(r.path)}</code></td><td>${escape(r.summary)}</td></tr>`)
      .join('')}</table>`,
  )
  .join('\n')}
</body></html>`;
}
