// What the widget card shows, read from a node's HTTP API (never a node of its own: the card
// lives inside another site's iframe). Kept current by LayerStreamService (watch), not polling:
// every executed layer re-reads the status and, for an account, its balance.
import { createHttpApi } from '../../api/http-client.ts';
import type { NodeInfo, SmeshApi, StreamHandle } from '../../api/interface.ts';
import type { Account } from '../../api/v2alpha1/account.ts';
import type { NodeStatusResponse } from '../../api/v2alpha1/node.ts';
import { epochTotals, listAll } from '../explorer/aggregate.ts';
import { epochOf } from '../explorer/format.ts';
import type { WidgetOptions } from './widget.ts';

/** The node API the widget reads: its `api` option, else the first public node of /network.json. */
export async function widgetApiUrl(o: WidgetOptions): Promise<string> {
  if (o.api !== undefined) return o.api;
  const res = await fetch('/network.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`cannot read /network.json (HTTP ${res.status})`);
  const net = (await res.json()) as { nodeApis?: unknown };
  const first = Array.isArray(net.nodeApis) ? net.nodeApis[0] : undefined;
  if (typeof first !== 'string') throw new Error('no public node API known: set the api attribute');
  return first;
}

export class WidgetData {
  info = $state.raw<NodeInfo | undefined>(undefined);
  status = $state.raw<NodeStatusResponse | undefined>(undefined);
  /** Executed layer the stream last sent. */
  layer = $state<number | undefined>(undefined);
  /** Distinct smeshers with an ATX for the current epoch (published in the one before). */
  smeshers = $state<number | undefined>(undefined);
  account = $state.raw<Account | null | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  #stream: StreamHandle | undefined;
  #closed = false;
  #smesherEpoch = -1;

  async start(o: WidgetOptions): Promise<void> {
    try {
      const api = createHttpApi({ url: await widgetApiUrl(o) });
      this.info = await api.info();
      await this.#refresh(api, o);
      if (this.#closed) return;
      const top = this.status?.appliedLayer ?? 0;
      this.#stream = api.stream(
        'spacemesh.v2alpha1.LayerStreamService/Stream',
        { startLayer: Math.max(1, top), watch: true },
        {
          item: (l) => {
            if (this.layer !== undefined && l.number <= this.layer) return;
            this.layer = l.number;
            void this.#refresh(api, o);
          },
          end: (e) => {
            if (e !== undefined && !this.#closed)
              this.error = e instanceof Error ? e.message : String(e);
          },
        },
      );
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  async #refresh(api: SmeshApi, o: WidgetOptions): Promise<void> {
    try {
      this.status = await api.call('spacemesh.v2alpha1.NodeService/Status', {});
      if (o.kind === 'account' && o.address !== undefined) {
        const r = await api.call('spacemesh.v2alpha1.AccountService/List', {
          addresses: [o.address],
          limit: '1',
        });
        this.account = r.accounts[0] ?? null;
      } else if (this.info !== undefined) {
        const epoch = epochOf(this.status.currentLayer, this.info.layersPerEpoch);
        if (epoch !== this.#smesherEpoch) {
          this.#smesherEpoch = epoch;
          const prev = Math.max(0, epoch - 1);
          const all = await listAll(
            async (offset, limit) =>
              (
                await api.call('spacemesh.v2alpha1.ActivationService/List', {
                  startEpoch: prev,
                  endEpoch: prev,
                  offset: String(offset),
                  limit: String(limit),
                })
              ).activations,
            2_000,
          );
          this.smeshers = epochTotals(all.items).smeshers;
        }
      }
      this.error = undefined;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  stop(): void {
    this.#closed = true;
    this.#stream?.close();
  }
}
