/** How a receiver checks the relay's signature: the Standard Webhooks recipe, with code to copy. */
import { html } from 'hono/html';
import type { Html } from '../layout/components.ts';

const nodeExample = `// npm install standardwebhooks
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.RELAY_WEBHOOK_SECRET); // the whsec_… secret
// rawBody: the exact bytes received, before any JSON parsing
const payload = wh.verify(rawBody, {
  'webhook-id': req.headers['webhook-id'],
  'webhook-timestamp': req.headers['webhook-timestamp'],
  'webhook-signature': req.headers['webhook-signature'],
}); // throws when the signature or timestamp is wrong`;

const phpExample = `$secret = base64_decode(substr(getenv('RELAY_WEBHOOK_SECRET'), 6)); // drop "whsec_"
$id = $_SERVER['HTTP_WEBHOOK_ID'];
$ts = $_SERVER['HTTP_WEBHOOK_TIMESTAMP'];
$body = file_get_contents('php://input');
$expected = base64_encode(hash_hmac('sha256', "$id.$ts.$body", $secret, true));
$valid = abs(time() - (int) $ts) <= 300 && in_array("v1,$expected",
  explode(' ', $_SERVER['HTTP_WEBHOOK_SIGNATURE']), true); // use hash_equals per entry in production`;

export function verifyHelp(): Html {
  return html`<p>Every delivery carries <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers:
<code>webhook-id</code> (the event id, the same on every retry: use it to drop duplicates), <code>webhook-timestamp</code> (Unix seconds)
and <code>webhook-signature</code> (<code>v1,&lt;base64&gt;</code> entries, two while a secret is being rotated).
The signature is HMAC-SHA256, keyed with the base64-decoded part of the secret after <code>whsec_</code>, over
<code>&lt;webhook-id&gt;.&lt;webhook-timestamp&gt;.&lt;raw body&gt;</code>. Refuse timestamps more than 5 minutes off.</p>
<details><summary>Node.js</summary><pre class="code">${nodeExample}</pre></details>
<details><summary>PHP</summary><pre class="code">${phpExample}</pre></details>`;
}
