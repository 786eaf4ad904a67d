import { describe, expect, it } from 'vitest';
import { LayerClock, MAX_TIMER_DELAY_MS } from '../../../src/lib/clock/clock.ts';
import { LayerConverter } from '../../../src/lib/clock/converter.ts';
import {
  ClockClosedError,
  InvalidClockParamsError,
  InvalidLayerError,
} from '../../../src/lib/clock/errors.ts';
import { presets } from '../../../src/lib/config/presets.ts';
import { withGenesis } from '../../../src/lib/config/genesis.ts';
import { GenesisTimeNotSetError } from '../../../src/lib/config/errors.ts';
import { FakeTime } from './fake-time.ts';

const MAINNET_GENESIS = Date.UTC(2023, 6, 14, 8); // 2023-07-14T08:00:00Z
const FIVE_MIN = 300_000;
const UINT32_MAX = 2 ** 32 - 1;

const mainnetTiming = {
  genesisTimeMs: MAINNET_GENESIS,
  layerDurationMs: FIVE_MIN,
  layersPerEpoch: 4032,
};

function smallClock(
  time: FakeTime,
  extra: Partial<ConstructorParameters<typeof LayerClock>[0]> = {},
) {
  return new LayerClock({
    genesisTimeMs: 10_000,
    layerDurationMs: 1_000,
    layersPerEpoch: 4,
    time,
    timer: time,
    ...extra,
  });
}

describe('LayerConverter', () => {
  const c = new LayerConverter(mainnetTiming);

  it('before genesis: layer 0, and says so', () => {
    expect(c.timeToLayer(MAINNET_GENESIS - 1)).toBe(0);
    expect(c.timeToLayer(0)).toBe(0);
    expect(c.isBeforeGenesis(MAINNET_GENESIS - 1)).toBe(true);
    expect(c.isBeforeGenesis(MAINNET_GENESIS)).toBe(false);
  });

  it('exact boundaries belong to the layer that starts there', () => {
    for (const n of [0, 1, 2, 4031, 4032, 8063, 105_720]) {
      const start = MAINNET_GENESIS + n * FIVE_MIN;
      expect(c.layerToTime(n)).toBe(start);
      expect(c.timeToLayer(start)).toBe(n);
      expect(c.timeToLayer(start + FIVE_MIN - 1)).toBe(n);
      expect(c.layerEndTime(n)).toBe(start + FIVE_MIN);
      if (n > 0) expect(c.timeToLayer(start - 1)).toBe(n - 1);
    }
  });

  it('epochs', () => {
    expect(c.epochOf(0)).toBe(0);
    expect(c.epochOf(4031)).toBe(0);
    expect(c.epochOf(4032)).toBe(1);
    expect(c.firstLayerOfEpoch(2)).toBe(8064);
    expect(c.lastLayerOfEpoch(1)).toBe(8063); // go-spacemesh FirstEffectiveGenesis
    expect(c.epochToTime(1)).toBe(MAINNET_GENESIS + 4032 * FIVE_MIN);
    expect(c.timeToEpoch(MAINNET_GENESIS + 4032 * FIVE_MIN)).toBe(1);
    expect(c.timeToEpoch(MAINNET_GENESIS + 4032 * FIVE_MIN - 1)).toBe(0);
  });

  it('mainnet-scale layers are exact', () => {
    // The last uint32 layer: 1.29e15 ms, still an exact integer in a double.
    const t = c.layerToTime(UINT32_MAX);
    expect(t).toBe(1_689_321_600_000 + 4_294_967_295 * 300_000);
    expect(t).toBe(1_290_179_510_100_000);
    expect(c.timeToLayer(t)).toBe(UINT32_MAX);
    expect(c.timeToLayer(t - 1)).toBe(UINT32_MAX - 1);
    expect(c.epochOf(UINT32_MAX)).toBe(1_065_220);
    expect(c.firstLayerOfEpoch(1_065_220)).toBe(4_294_967_040);
    expect(c.lastLayerOfEpoch(1_065_220)).toBe(4_294_971_071);
  });

  it('matches a published mainnet date: layer 105720 is 2024-07-15T10:00:00Z (mainnet.go)', () => {
    expect(c.timeToLayer(Date.UTC(2024, 6, 15, 10))).toBe(105_720);
    expect(c.layerToTime(105_720)).toBe(Date.UTC(2024, 6, 15, 10));
  });

  it('rejects invalid parameters and indices', () => {
    expect(() => new LayerConverter({ ...mainnetTiming, layerDurationMs: 0 })).toThrow(
      InvalidClockParamsError,
    );
    expect(() => new LayerConverter({ ...mainnetTiming, layersPerEpoch: 0 })).toThrow(
      InvalidClockParamsError,
    );
    expect(() => new LayerConverter({ ...mainnetTiming, genesisTimeMs: 0.5 })).toThrow(
      InvalidClockParamsError,
    );
    expect(() => c.layerToTime(-1)).toThrow(InvalidLayerError);
    expect(() => c.layerToTime(1.5)).toThrow(InvalidLayerError);
    expect(() => c.layerToTime(2 ** 52)).toThrow(InvalidLayerError);
    expect(() => c.firstLayerOfEpoch(-1)).toThrow(InvalidLayerError);
    expect(() => c.timeToLayer(Number.NaN)).toThrow(InvalidLayerError);
  });
});

describe('LayerClock ticking', () => {
  it('waits for genesis, then ticks at every layer start', () => {
    const time = new FakeTime(0);
    const clock = smallClock(time);
    const seen: [number, number][] = [];
    clock.onLayer((layer) => seen.push([layer, time.now()]));
    expect(clock.hasStarted()).toBe(false);
    expect(clock.currentLayer()).toBe(0);
    time.advanceTo(9_999);
    expect(seen).toEqual([]);
    time.advanceTo(13_500);
    expect(seen).toEqual([
      [0, 10_000],
      [1, 11_000],
      [2, 12_000],
      [3, 13_000],
    ]);
    expect(clock.hasStarted()).toBe(true);
    expect(clock.currentLayer()).toBe(3);
    expect(clock.currentEpoch()).toBe(0);
    time.advanceTo(14_000);
    expect(clock.currentEpoch()).toBe(1);
    clock.close();
  });

  it('computes every deadline from genesis: late timers do not drift', () => {
    const time = new FakeTime(10_000);
    time.lateness = 37; // every timer fires 37 ms late
    const clock = smallClock(time);
    const seen: [number, number][] = [];
    clock.onLayer((layer) => seen.push([layer, time.now()]));
    time.advanceTo(10_000 + 100 * 1_000 + 500);
    expect(seen).toHaveLength(100);
    seen.forEach(([layer, at], i) => {
      expect(layer).toBe(i + 1);
      expect(at).toBe(10_000 + layer * 1_000 + 37); // still 37 ms, not 37·n
    });
    // After the first, each timeout asks for the layer length minus the lateness.
    expect(time.delays.slice(1, 5)).toEqual([963, 963, 963, 963]);
    clock.close();
  });

  it('a timer that fires a millisecond early still announces every layer', () => {
    // Node's timers run on a monotonic clock, Date.now() on the wall clock: a timeout can end a
    // millisecond before the boundary it was armed for, and the boundary passes while the clock
    // re-arms. Arming for "the layer after now" then skipped the layer that had just begun.
    const time = new FakeTime(10_000);
    time.lateness = -2; // fires 2 ms early: one for the armed delay, one read later
    time.msPerRead = 1;
    const clock = smallClock(time);
    const seen: number[] = [];
    clock.onLayer((l) => seen.push(l));
    time.advanceTo(10_000 + 50 * 1_000 + 500);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    clock.close();
  });

  it('subscribing mid-layer announces only layers that start later', () => {
    const time = new FakeTime(12_500);
    const clock = smallClock(time);
    const seen: number[] = [];
    clock.onLayer((l) => seen.push(l));
    time.advanceTo(12_999);
    expect(seen).toEqual([]);
    time.advanceTo(13_000);
    expect(seen).toEqual([3]);
    clock.close();
  });

  it('after a suspension, announces only the layer in progress', () => {
    const time = new FakeTime(10_000);
    const clock = smallClock(time);
    const seen: number[] = [];
    clock.onLayer((l) => seen.push(l));
    time.advanceTo(11_000);
    time.jumpTo(15_400); // four layers pass without the timer firing
    time.advanceTo(15_400);
    time.advanceTo(17_000);
    expect(seen).toEqual([1, 5, 6, 7]); // 2, 3 and 4 passed while asleep
    clock.close();
  });

  it('a clock stepped backwards repeats nothing', () => {
    const time = new FakeTime(10_000);
    const clock = smallClock(time);
    const seen: number[] = [];
    clock.onLayer((l) => seen.push(l));
    time.advanceTo(13_000);
    time.jumpTo(11_500);
    time.advanceTo(14_000);
    expect(seen).toEqual([1, 2, 3, 4]);
    clock.close();
  });

  it('splits waits longer than setTimeout allows and still fires on time', () => {
    const genesis = 10 * MAX_TIMER_DELAY_MS;
    const time = new FakeTime(0);
    const clock = new LayerClock({ ...mainnetTiming, genesisTimeMs: genesis, time, timer: time });
    const seen: [number, number][] = [];
    clock.onLayer((l) => seen.push([l, time.now()]));
    time.advanceTo(genesis + FIVE_MIN);
    expect(seen).toEqual([
      [0, genesis],
      [1, genesis + FIVE_MIN],
    ]);
    expect(Math.max(...time.delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
    clock.close();
  });

  it('arms no timer when nobody listens, and stops after unsubscribe', () => {
    const time = new FakeTime(0);
    const clock = smallClock(time);
    expect(time.pendingTimers).toBe(0);
    const off = clock.onLayer(() => {});
    const off2 = clock.onLayer(() => {});
    expect(time.pendingTimers).toBe(1);
    off();
    expect(time.pendingTimers).toBe(1);
    off2();
    expect(time.pendingTimers).toBe(0);
  });

  it('a throwing listener does not stop the others', () => {
    const time = new FakeTime(10_500);
    const errors: unknown[] = [];
    const clock = smallClock(time, { onError: (e) => errors.push(e) });
    const seen: number[] = [];
    clock.onLayer(() => {
      throw new Error('boom');
    });
    clock.onLayer((l) => seen.push(l));
    time.advanceTo(12_000);
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(2);
    clock.close();
  });

  it('runs at mainnet scale on virtual time', () => {
    const start = MAINNET_GENESIS + 1_000_000 * FIVE_MIN + 1;
    const time = new FakeTime(start);
    const clock = new LayerClock({ ...mainnetTiming, time, timer: time });
    const seen: number[] = [];
    clock.onLayer((l) => seen.push(l));
    time.advance(3 * FIVE_MIN);
    expect(seen).toEqual([1_000_001, 1_000_002, 1_000_003]);
    expect(clock.currentEpoch()).toBe(Math.floor(1_000_003 / 4032));
    clock.close();
  });
});

describe('waitForLayer', () => {
  it('resolves at once for a layer that has started', async () => {
    const time = new FakeTime(12_000);
    const clock = smallClock(time);
    await expect(clock.waitForLayer(2)).resolves.toBe(2);
    await expect(clock.waitForLayer(0)).resolves.toBe(2);
    expect(time.pendingTimers).toBe(0);
  });

  it('before genesis, waits for layer 0', async () => {
    const time = new FakeTime(0);
    const clock = smallClock(time);
    let done = false;
    const p = clock.waitForLayer(0).then((l) => {
      done = true;
      return l;
    });
    time.advanceTo(9_999);
    await Promise.resolve();
    expect(done).toBe(false);
    time.advanceTo(10_000);
    await expect(p).resolves.toBe(0);
  });

  it('resolves exactly at the layer start, one timer for a far layer', async () => {
    const time = new FakeTime(10_000);
    const clock = smallClock(time);
    const p = clock.waitForLayer(1000);
    expect(time.delays).toEqual([1_000_000]);
    time.advanceTo(10_000 + 1000 * 1000 - 1);
    time.advanceTo(10_000 + 1000 * 1000);
    await expect(p).resolves.toBe(1000);
    expect(time.pendingTimers).toBe(0);
  });

  it('rejects on abort and on close', async () => {
    const time = new FakeTime(10_000);
    const clock = smallClock(time);
    const ac = new AbortController();
    const aborted = clock.waitForLayer(5, ac.signal);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const closed = clock.waitForLayer(5);
    clock.close();
    await expect(closed).rejects.toBeInstanceOf(ClockClosedError);
    await expect(clock.waitForLayer(6)).rejects.toBeInstanceOf(ClockClosedError);
    expect(() => clock.onLayer(() => {})).toThrow(ClockClosedError);
    expect(time.pendingTimers).toBe(0);
  });

  it('rejects invalid layers', async () => {
    const clock = smallClock(new FakeTime(0));
    await expect(clock.waitForLayer(-1)).rejects.toBeInstanceOf(InvalidLayerError);
  });
});

describe('layers() async iterator', () => {
  it('yields each layer start and ends on return()', async () => {
    const time = new FakeTime(9_000);
    const clock = smallClock(time);
    const it = clock.layers();
    const first = it.next();
    time.advanceTo(10_000);
    await expect(first).resolves.toEqual({ done: false, value: 0 });
    time.advanceTo(12_000); // two ticks queue while nobody is reading
    await expect(it.next()).resolves.toEqual({ done: false, value: 1 });
    await expect(it.next()).resolves.toEqual({ done: false, value: 2 });
    await it.return?.();
    expect(time.pendingTimers).toBe(0);
    await expect(it.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('works with for await and ends when the clock closes', async () => {
    const time = new FakeTime(10_000);
    const clock = smallClock(time);
    const seen: number[] = [];
    const loop = (async () => {
      for await (const layer of clock.layers()) {
        seen.push(layer);
        if (layer === 3) clock.close();
      }
    })();
    for (let t = 11_000; t <= 15_000; t += 1_000) {
      time.advanceTo(t);
      await new Promise((r) => setImmediate(r));
    }
    await loop;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('ends on abort', async () => {
    const time = new FakeTime(10_000);
    const clock = smallClock(time);
    const ac = new AbortController();
    const it = clock.layers(ac.signal);
    const pending = it.next();
    ac.abort();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(time.pendingTimers).toBe(0);
  });
});

describe('LayerClock.fromConfig', () => {
  it('uses the preset genesis', () => {
    const time = new FakeTime(Date.UTC(2024, 6, 15, 10, 2));
    const clock = LayerClock.fromConfig(presets.mainnet, { time, timer: time });
    expect(clock.genesisTimeMs).toBe(MAINNET_GENESIS);
    expect(clock.currentLayer()).toBe(105_720);
    expect(clock.currentEpoch()).toBe(26);
  });

  it('needs a genesis time for launched networks', () => {
    expect(() => LayerClock.fromConfig(presets.devnet)).toThrow(GenesisTimeNotSetError);
    const time = new FakeTime(0);
    const devnet = withGenesis(presets.devnet, { time: '2030-01-01T00:00:00Z' });
    const clock = LayerClock.fromConfig(devnet, { time, timer: time });
    expect(clock.layerToTime(3)).toBe(Date.UTC(2030, 0, 1) + 3 * presets.devnet.layerDurationMs);
  });
});
