/** `relay network recover`: a gap repair pass now (POST /v1/network/gap-repair), and what stands unrecoverable. */
import { jsonOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';

interface PassJson {
  status: string;
  entries_read: number;
  received: number;
  recovered: number;
  unrecoverable: number;
  not_ours: number;
  waiting: boolean;
  error: string | null;
}

interface EntryJson { entry_id: number; event: string; logged_at: string; reason: string | null }

const said: Record<string, string> = {
  done: 'read to the end of the log',
  more: 'stopped at its bound; the next pass goes on',
  not_connected: 'no network connected',
  busy: 'another relay process is repairing now',
  failed: 'failed',
};

export const recover: CommandDefinition = {
  name: 'recover',
  summary: "Recover now what the plugin sent and the relay never received, from the plugin's send log",
  options: { ...jsonOption },
  examples: ['relay network recover', 'relay network recover --json'],
  async run({ values, out, env }) {
    const relay = await connectToRelay(env, out);
    const { json: pass } = await relay.request<PassJson>('POST', '/v1/network/gap-repair');
    const { json: unrecoverable } = await relay.request<{ data: EntryJson[] }>('GET', '/v1/network/gap-repair/entries?outcome=unrecoverable&limit=10');
    if (values.json) return void out.json({ pass, unrecoverable: unrecoverable.data });
    out.line([
      `Gap repair: ${said[pass.status] ?? pass.status}${pass.error ? `: ${pass.error}` : ''}`,
      `  ${pass.entries_read} log entries read: ${pass.received} received, ${pass.recovered} recovered, ${pass.unrecoverable} unrecoverable, ${pass.not_ours} sent elsewhere`,
      ...(pass.waiting ? ['  the newest entries wait for the grace period (RELAY_GAP_REPAIR_GRACE): the next pass takes them'] : []),
      ...unrecoverable.data.map((entry) => `  ! log entry #${entry.entry_id} (${entry.event}, ${entry.logged_at}) unrecoverable: ${entry.reason}`),
    ].join('\n'));
  },
};
