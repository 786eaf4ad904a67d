// The dashboard's live data: the List methods (every page) give the state when the page opens,
// then the *StreamService streams with `watch` keep it current. Each stream starts where the
// listing ended, at the last layer / epoch it saw (inclusive: the aggregate drops what it already
// has), so nothing falls between the two. Accounts have no stream: they are re-read when the
// layer stream reports a newly applied layer (the only moment balances change).
import type { SmeshApi, StreamHandle } from '../../api/interface.ts';
import type { StreamItemOf, StreamMethod, StreamRequestOf, Partial1 } from '../../api/methods.ts';
import { DashboardAggregate } from './aggregate.ts';
import { listAll } from './paginate.ts';

const RETRY_MS = 3_000;
const FLUSH_MS = 150;

export class DashboardFeed {
  /** Bumped whenever the aggregate changed (coalesced): read it to re-derive. */
  version = $state(0);
  loading = $state(true);
  error = $state<string | undefined>(undefined);
  /** Streams open and watching. */
  live = $state(0);
  aggregate = $state.raw<DashboardAggregate | undefined>(undefined);
  labelsPerUnit = $state.raw<bigint | undefined>(undefined);

  readonly #api: SmeshApi;
  #stopped = false;
  // Bookkeeping for stop(), not shown: plain Sets on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #handles = new Set<StreamHandle>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #flush: ReturnType<typeof setTimeout> | undefined;
  #accountsRunning = false;
  #accountsAgain = false;
  // Where each stream resumes (updated as items arrive).
  #atxEpoch = 0;
  #rewardLayer = 0;
  #txLayer = 0;

  constructor(api: SmeshApi) {
    this.#api = api;
  }

  async start(): Promise<void> {
    try {
      const api = this.#api;
      const net = await api.call('spacemesh.v2alpha1.NetworkService/Info', {});
      const agg = new DashboardAggregate({
        layersPerEpoch: net.layersPerEpoch,
        labelsPerUnit: BigInt(net.labelsPerUnit),
      });
      this.labelsPerUnit = BigInt(net.labelsPerUnit);
      const page = (offset: number, limit: number) => ({
        offset: String(offset),
        limit: String(limit),
      });
      const [layers, atxs, rewards, txs] = await Promise.all([
        api.call('spacemesh.v2alpha1.LayerService/List', {
          sortOrder: 'DESC',
          limit: '1',
        }),
        listAll(
          async (o, l) =>
            (await api.call('spacemesh.v2alpha1.ActivationService/List', page(o, l))).activations,
        ),
        listAll(
          async (o, l) =>
            (await api.call('spacemesh.v2alpha1.RewardService/List', page(o, l))).rewards,
        ),
        listAll(
          async (o, l) =>
            (
              await api.call('spacemesh.v2alpha1.TransactionService/List', {
                ...page(o, l),
                includeResult: true,
              })
            ).transactions,
        ),
      ]);
      if (this.#stopped) return;
      for (const l of layers.layers) agg.addLayer(l);
      for (const a of atxs) this.#onAtx(agg, a);
      for (const r of rewards) this.#onReward(agg, r);
      for (const t of txs) this.#onTx(agg, t);
      this.aggregate = agg;
      await this.#refreshAccounts();
      if (this.#stopped) return;
      this.loading = false;
      this.#bump();
      this.#open(
        'spacemesh.v2alpha1.LayerStreamService/Stream',
        () => ({ startLayer: agg.lastAppliedLayer ?? 0, watch: true }),
        (l) => {
          if (agg.addLayer(l)) {
            this.#bump();
            void this.#refreshAccounts();
          }
        },
      );
      this.#open(
        'spacemesh.v2alpha1.ActivationStreamService/Stream',
        () => ({ startEpoch: this.#atxEpoch, watch: true }),
        (a) => this.#onAtx(agg, a) && this.#bump(),
      );
      this.#open(
        'spacemesh.v2alpha1.RewardStreamService/Stream',
        () => ({ startLayer: this.#rewardLayer, watch: true }),
        (r) => this.#onReward(agg, r) && this.#bump(),
      );
      this.#open(
        'spacemesh.v2alpha1.TransactionStreamService/Stream',
        () => ({ startLayer: this.#txLayer, watch: true }),
        (t) => this.#onTx(agg, t) && this.#bump(),
      );
    } catch (e) {
      if (!this.#stopped) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const h of this.#handles) h.close();
    this.#handles.clear();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    if (this.#flush !== undefined) clearTimeout(this.#flush);
  }

  #onAtx(
    agg: DashboardAggregate,
    a: StreamItemOf<'spacemesh.v2alpha1.ActivationStreamService/Stream'>,
  ) {
    this.#atxEpoch = Math.max(this.#atxEpoch, a.publishEpoch);
    return agg.addActivation(a);
  }

  #onReward(
    agg: DashboardAggregate,
    r: StreamItemOf<'spacemesh.v2alpha1.RewardStreamService/Stream'>,
  ) {
    this.#rewardLayer = Math.max(this.#rewardLayer, r.layer);
    return agg.addReward(r);
  }

  #onTx(
    agg: DashboardAggregate,
    t: StreamItemOf<'spacemesh.v2alpha1.TransactionStreamService/Stream'>,
  ) {
    this.#txLayer = Math.max(this.#txLayer, t.txResult?.layer ?? 0);
    return agg.addTransaction(t);
  }

  /** A watching stream; reopened (from where it got to) if it ends while the page shows. */
  #open<K extends StreamMethod>(
    method: K,
    request: () => Partial1<StreamRequestOf<K>>,
    item: (v: StreamItemOf<K>) => unknown,
  ): void {
    if (this.#stopped) return;
    let up = true;
    this.live++;
    const h = this.#api.stream(method, request(), {
      item: (v) => {
        if (!this.#stopped) item(v);
      },
      end: (err) => {
        this.#handles.delete(h);
        if (up) this.live--;
        up = false;
        if (this.#stopped) return;
        if (err !== undefined)
          this.error = `${method.split('.').at(-1)}: ${err instanceof Error ? err.message : String(err)} (reconnecting)`;
        const t = setTimeout(() => {
          this.#timers.delete(t);
          this.error = undefined;
          this.#open(method, request, item);
        }, RETRY_MS);
        this.#timers.add(t);
      },
    });
    this.#handles.add(h);
  }

  /** Re-reads every account; a call while one runs makes it run once more after. */
  async #refreshAccounts(): Promise<void> {
    const agg = this.aggregate;
    if (agg === undefined) return;
    if (this.#accountsRunning) {
      this.#accountsAgain = true;
      return;
    }
    this.#accountsRunning = true;
    try {
      do {
        this.#accountsAgain = false;
        const accounts = await listAll(
          async (o, l) =>
            (
              await this.#api.call('spacemesh.v2alpha1.AccountService/List', {
                offset: String(o),
                limit: String(l),
              })
            ).accounts,
        );
        if (this.#stopped) return;
        agg.setAccounts(accounts);
        this.#bump();
      } while (this.#accountsAgain && !this.#stopped);
    } catch (e) {
      if (!this.#stopped) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.#accountsRunning = false;
    }
  }

  /** Coalesces bursts (a stream's history arrives item by item) into one re-render. */
  #bump(): void {
    if (this.#flush !== undefined || this.#stopped) return;
    this.#flush = setTimeout(() => {
      this.#flush = undefined;
      this.version++;
    }, FLUSH_MS);
  }
}
