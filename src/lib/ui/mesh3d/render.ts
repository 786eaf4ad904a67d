// Draws a MeshScene with three.js: one InstancedMesh per object kind (one draw call each, however
// many objects), every edge (rewards, ballot → ATX, votes) as one LineSegments geometry with a
// colour per vertex, the verified frontier as a
// translucent plane. Renders on demand (camera moves, new data, hover), not in a loop, pauses
// while the tab is hidden, and gives every GPU resource back in dispose().
import {
  AmbientLight,
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
  IcosahedronGeometry,
  InstancedMesh,
  LineBasicMaterial,
  LineSegments,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  MeshLambertMaterial,
  OctahedronGeometry,
  PerspectiveCamera,
  PlaneGeometry,
  Quaternion,
  Raycaster,
  Scene,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import {
  ATX_Y,
  BLOCK_Y,
  KINDS,
  LAYER_SIZE,
  type ColorRole,
  type EdgeRole,
  type MeshScene,
  type ObjectKind,
  type SceneObject,
} from './scene.ts';

/** CSS colours for each role plus the background. */
export type Palette = Record<ColorRole | 'background', string>;

export interface RendererOptions {
  readonly reducedMotion: boolean;
  readonly palette: Palette;
  /** The object under the pointer changed (undefined: none); client coordinates. */
  readonly onHover?: (obj: SceneObject | undefined, x: number, y: number) => void;
  /** An object was clicked or tapped (not dragged). */
  readonly onSelect?: (obj: SceneObject) => void;
}

const INITIAL_CAPACITY = 256;
/** Pointer travel (px) under which a press counts as a click, not an orbit. */
const CLICK_SLOP = 6;

interface KindMesh {
  mesh: InstancedMesh;
  capacity: number;
  readonly geometry: BufferGeometry;
  readonly material: MeshLambertMaterial;
}

/** Whether this browser can give a WebGL2 context (three.js needs it). */
export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return c.getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

export class MeshRenderer {
  readonly camera: PerspectiveCamera;
  readonly #model: MeshScene;
  readonly #canvas: HTMLCanvasElement;
  readonly #renderer: WebGLRenderer;
  readonly #controls: OrbitControls;
  readonly #scene = new Scene();
  readonly #kinds: Record<ObjectKind, KindMesh>;
  readonly #edges: LineSegments;
  #edgeCapacity = 0;
  readonly #frontier: Mesh;
  readonly #raycaster = new Raycaster();
  readonly #o: RendererOptions;
  readonly #cleanup: (() => void)[] = [];
  #palette: Palette;
  #seen = -1;
  #frame = 0;
  #dirty = true;
  #paused = false;
  #disposed = false;
  /** Where the camera's target glides to while following the newest layer. */
  #followX: number | undefined;
  follow = true;
  /** How far the target sits behind the newest layer while following (set by frameAll). */
  #followOffset = 0;
  #framed = false;
  #framedAny = false;
  #hovered: SceneObject | undefined;
  #lastPointer: { x: number; y: number } | undefined;
  /** Frames drawn, for the load test's frame rate. */
  frames = 0;

  constructor(canvas: HTMLCanvasElement, model: MeshScene, o: RendererOptions) {
    this.#canvas = canvas;
    this.#model = model;
    this.#o = o;
    this.#palette = o.palette;
    this.#renderer = new WebGLRenderer({
      canvas,
      antialias: true,
      powerPreference: 'high-performance',
    });
    this.#renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, 2));
    this.camera = new PerspectiveCamera(45, 1, 0.1, 5000);
    this.camera.position.set(0, 9, 24);
    this.#controls = new OrbitControls(this.camera, canvas);
    this.#controls.enableDamping = !o.reducedMotion;
    this.#controls.screenSpacePanning = true;
    this.#controls.maxDistance = 1500;
    this.#controls.listenToKeyEvents(canvas);
    this.#controls.addEventListener('change', () => this.requestRender());
    this.#controls.addEventListener('end', () => {
      // A pan away from the newest layer stops following it; the page's toggle turns it back on.
      const goal = this.#followGoal();
      if (goal !== undefined && Math.abs(this.#controls.target.x - goal) > 2) this.follow = false;
    });

    this.#scene.add(new AmbientLight(0xffffff, 1.6));
    const sun = new DirectionalLight(0xffffff, 1.6);
    sun.position.set(0.4, 1, 0.7);
    this.#scene.add(sun);

    const box = new BoxGeometry(1, 1, 1);
    const sphere = new IcosahedronGeometry(0.5, 1);
    const kindMesh = (geometry: BufferGeometry): KindMesh => {
      const material = new MeshLambertMaterial({ color: 0xffffff });
      const mesh = new InstancedMesh(geometry, material, INITIAL_CAPACITY);
      mesh.count = 0;
      this.#scene.add(mesh);
      return { mesh, capacity: INITIAL_CAPACITY, geometry, material };
    };
    const octa = new OctahedronGeometry(0.6, 0);
    this.#kinds = {
      layer: kindMesh(box),
      block: kindMesh(box.clone()),
      atx: kindMesh(sphere),
      ballot: kindMesh(octa),
    };

    this.#edges = new LineSegments(
      new BufferGeometry(),
      new LineBasicMaterial({ transparent: true, opacity: 0.55, vertexColors: true }),
    );
    this.#edges.frustumCulled = false;
    this.#scene.add(this.#edges);

    this.#frontier = new Mesh(
      new PlaneGeometry(1, 1),
      new MeshBasicMaterial({
        transparent: true,
        opacity: 0.18,
        side: DoubleSide,
        depthWrite: false,
      }),
    );
    this.#frontier.rotation.y = Math.PI / 2;
    this.#frontier.visible = false;
    this.#scene.add(this.#frontier);
    this.setPalette(o.palette);

    this.#listen(canvas, 'pointermove', (e) => this.#onPointerMove(e as PointerEvent));
    this.#listen(canvas, 'pointerleave', () => this.#setHover(undefined, 0, 0));
    let down: { x: number; y: number } | undefined;
    this.#listen(canvas, 'pointerdown', (e) => {
      const p = e as PointerEvent;
      down = { x: p.clientX, y: p.clientY };
    });
    this.#listen(canvas, 'pointerup', (e) => {
      const p = e as PointerEvent;
      if (down === undefined) return;
      const moved = Math.hypot(p.clientX - down.x, p.clientY - down.y);
      down = undefined;
      if (moved > CLICK_SLOP) return;
      const obj = this.pickAt(p.clientX, p.clientY);
      if (obj !== undefined) this.#o.onSelect?.(obj);
    });
    this.#listen(document, 'visibilitychange', () => this.setPaused(document.hidden));
    const resize = new ResizeObserver(() => this.resize());
    resize.observe(canvas);
    this.#cleanup.push(() => resize.disconnect());
    this.resize();
  }

  #listen(target: EventTarget, type: string, fn: (e: Event) => void): void {
    target.addEventListener(type, fn);
    this.#cleanup.push(() => target.removeEventListener(type, fn));
  }

  setPalette(p: Palette): void {
    this.#palette = p;
    this.#scene.background = new Color(p.background);
    (this.#frontier.material as MeshBasicMaterial).color.set(p.frontier);
    this.#seen = -1;
    this.requestRender();
  }

  resize(): void {
    const w = this.#canvas.clientWidth;
    const h = this.#canvas.clientHeight;
    if (w === 0 || h === 0) return;
    this.#renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (paused && this.#frame !== 0) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
    if (!paused) this.requestRender();
  }

  /** Draws on the next animation frame (once, however often it is asked). */
  requestRender(): void {
    this.#dirty = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame !== 0 || this.#paused || this.#disposed) return;
    this.#frame = requestAnimationFrame(() => this.#tick());
  }

  #tick(): void {
    this.#frame = 0;
    if (this.#model.version !== this.#seen) this.#sync();
    const gliding = this.#glide();
    const moved = this.#controls.update();
    if (moved || gliding || this.#dirty) this.renderNow();
    if (moved || gliding) this.#schedule();
  }

  renderNow(): void {
    this.#dirty = false;
    this.#renderer.render(this.#scene, this.camera);
    this.frames++;
  }

  /** Where the target's x goes while following the newest layer. */
  #followGoal(): number | undefined {
    const l = this.#model.objects('layer').at(-1);
    return l === undefined ? undefined : l.position[0] - this.#followOffset;
  }

  /**
   * Frames the newest layers (or, before the first layer, whatever there is): the camera looks
   * at them from above and in front, the newest right of centre.
   */
  frameAll(): void {
    const layers = this.#model.objects('layer');
    const b =
      layers.length > 0
        ? { minX: layers[0]!.position[0], maxX: layers.at(-1)!.position[0] }
        : this.#model.bounds();
    if (b === undefined) return;
    const span = Math.max(10, Math.min(b.maxX - b.minX, 45));
    this.#followOffset = span * 0.4;
    const x = b.maxX - this.#followOffset;
    this.#controls.target.set(x, ATX_Y / 2, 0);
    // A narrow (portrait) view needs more distance for the same span.
    const k = Math.max(1, 1.1 / this.camera.aspect);
    this.camera.position.set(x - span * 0.15 * k, (3 + span * 0.15) * k, (6 + span * 0.75) * k);
    this.#followX = undefined;
    this.#controls.update();
    this.requestRender();
  }

  /** Moves the view along x by glideTo's remaining distance; true while still moving. */
  #glide(): boolean {
    if (this.#followX === undefined) return false;
    const t = this.#controls.target;
    const d = this.#followX - t.x;
    const step = this.#o.reducedMotion || Math.abs(d) < 0.01 ? d : d * 0.15;
    t.x += step;
    this.camera.position.x += step;
    if (step === d) this.#followX = undefined;
    return step !== 0;
  }

  #sync(): void {
    // Framed once when there is something to see, again when the first layers come.
    const frame =
      (!this.#framed && this.#model.layers.length > 0) ||
      (!this.#framedAny && this.#model.count > 0);
    if (this.#model.layers.length > 0) this.#framed = true;
    if (this.#model.count > 0) this.#framedAny = true;
    this.#seen = this.#model.version;
    const m = new Matrix4();
    const q = new Quaternion();
    const pos = new Vector3();
    const scl = new Vector3();
    const color = new Color();
    for (const kind of KINDS) {
      const list = this.#model.objects(kind);
      const km = this.#ensureCapacity(kind, list.length);
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        m.compose(pos.set(...o.position), q, scl.set(...o.scale));
        km.mesh.setMatrixAt(i, m);
        km.mesh.setColorAt(i, color.set(this.#palette[o.role]));
      }
      km.mesh.count = list.length;
      km.mesh.instanceMatrix.needsUpdate = true;
      if (km.mesh.instanceColor !== null) km.mesh.instanceColor.needsUpdate = true;
      km.mesh.computeBoundingSphere();
      km.mesh.computeBoundingBox();
    }
    this.#syncEdges();
    const fx = this.#model.frontierX;
    const bounds = this.#model.bounds();
    this.#frontier.visible = fx !== undefined && bounds !== undefined;
    if (fx !== undefined) {
      const bottom = this.#model.atxs.reduce((y, a) => Math.min(y, a.position[1]), ATX_Y) - 1.5;
      const top = this.#model.ballots.reduce((y, b) => Math.max(y, b.position[1]), BLOCK_Y) + 1.5;
      this.#frontier.position.set(fx, (top + bottom) / 2, 0);
      // The plane lies in y–z once rotated: its local x is the world's z.
      this.#frontier.scale.set(LAYER_SIZE[2] + 4, top - bottom, 1);
    }
    if (frame) this.frameAll();
    else if (this.follow) {
      const x = this.#followGoal();
      if (x !== undefined && Math.abs(x - this.#controls.target.x) > 0.01) this.#followX = x;
    }
    this.#dirty = true;
  }

  #ensureCapacity(kind: ObjectKind, n: number): KindMesh {
    const km = this.#kinds[kind];
    if (n <= km.capacity) return km;
    let capacity = km.capacity;
    while (capacity < n) capacity *= 2;
    const mesh = new InstancedMesh(km.geometry, km.material, capacity);
    this.#scene.remove(km.mesh);
    km.mesh.dispose();
    this.#scene.add(mesh);
    km.mesh = mesh;
    km.capacity = capacity;
    return km;
  }

  #syncEdges(): void {
    const edges = this.#model.edges();
    const g = this.#edges.geometry;
    if (edges.length > this.#edgeCapacity) {
      let cap = Math.max(64, this.#edgeCapacity);
      while (cap < edges.length) cap *= 2;
      g.setAttribute('position', new BufferAttribute(new Float32Array(cap * 6), 3));
      g.setAttribute('color', new BufferAttribute(new Float32Array(cap * 6), 3));
      this.#edgeCapacity = cap;
    }
    const attr = g.getAttribute('position') as BufferAttribute | undefined;
    const colorAttr = g.getAttribute('color') as BufferAttribute | undefined;
    if (attr === undefined || colorAttr === undefined) return;
    const a = attr.array as Float32Array;
    const c = colorAttr.array as Float32Array;
    const rgb = {} as Record<EdgeRole, [number, number, number]>;
    const color = new Color();
    for (const role of ['edge', 'support', 'against'] as const) {
      color.set(this.#palette[role]);
      rgb[role] = [color.r, color.g, color.b];
    }
    color.set(this.#palette.verified);
    rgb['ballot-atx'] = [color.r, color.g, color.b];
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      a.set(e.from, i * 6);
      a.set(e.to, i * 6 + 3);
      const k = rgb[e.role];
      c.set(k, i * 6);
      c.set(k, i * 6 + 3);
    }
    attr.needsUpdate = true;
    colorAttr.needsUpdate = true;
    g.setDrawRange(0, edges.length * 2);
  }

  /** The object drawn at a client position, if any (raycast on the instanced meshes). */
  pickAt(clientX: number, clientY: number): SceneObject | undefined {
    const r = this.#canvas.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return undefined;
    const ndc = new Vector2(
      ((clientX - r.left) / r.width) * 2 - 1,
      -((clientY - r.top) / r.height) * 2 + 1,
    );
    this.#raycaster.setFromCamera(ndc, this.camera);
    const meshes = KINDS.map((k) => this.#kinds[k].mesh);
    for (const hit of this.#raycaster.intersectObjects(meshes, false)) {
      const kind = KINDS[meshes.indexOf(hit.object as InstancedMesh)];
      if (kind === undefined || hit.instanceId === undefined) continue;
      const obj = this.#model.pick(kind, hit.instanceId);
      if (obj !== undefined) return obj;
    }
    return undefined;
  }

  /** Client coordinates of an object's centre (for tests and the load test). */
  screenPosition(obj: SceneObject): { x: number; y: number } {
    this.camera.updateMatrixWorld();
    const v = new Vector3(...obj.position).project(this.camera);
    const r = this.#canvas.getBoundingClientRect();
    return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
  }

  /** Points the camera at an object (keyboard and test use). */
  focus(obj: SceneObject): void {
    const t = this.#controls.target;
    const dx = obj.position[0] - t.x;
    t.x += dx;
    this.camera.position.x += dx;
    this.follow = false;
    this.#followX = undefined;
    this.#controls.update();
    this.requestRender();
  }

  /**
   * Load test: draws a frame on every animation frame for `ms` while the camera circles the
   * target, and returns the frame rate reached.
   */
  measureFps(ms: number): Promise<{ fps: number; frames: number }> {
    return new Promise((resolve) => {
      const start = performance.now();
      let frames = 0;
      const axis = new Vector3(0, 1, 0);
      const step = (now: number) => {
        const t = this.#controls.target;
        const offset = this.camera.position.clone().sub(t).applyAxisAngle(axis, 0.01);
        this.camera.position.copy(t).add(offset);
        this.camera.lookAt(t);
        this.renderNow();
        frames++;
        if (now - start < ms && !this.#disposed) requestAnimationFrame(step);
        else resolve({ fps: (frames * 1000) / (performance.now() - start), frames });
      };
      requestAnimationFrame(step);
    });
  }

  /** Re-applies `follow` after the page's toggle turned it on. */
  followLatest(): void {
    this.follow = true;
    this.#followX = this.#followGoal();
    this.requestRender();
  }

  #onPointerMove(e: PointerEvent): void {
    if (e.buttons !== 0) return;
    const first = this.#lastPointer === undefined;
    this.#lastPointer = { x: e.clientX, y: e.clientY };
    if (!first) return;
    requestAnimationFrame(() => {
      const p = this.#lastPointer;
      this.#lastPointer = undefined;
      if (p === undefined || this.#disposed) return;
      this.#setHover(this.pickAt(p.x, p.y), p.x, p.y);
    });
  }

  #setHover(obj: SceneObject | undefined, x: number, y: number): void {
    if (obj === this.#hovered && obj === undefined) return;
    this.#hovered = obj;
    this.#canvas.style.cursor = obj === undefined ? '' : 'pointer';
    this.#o.onHover?.(obj, x, y);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    for (const c of this.#cleanup) c();
    this.#controls.dispose();
    for (const k of KINDS) {
      const km = this.#kinds[k];
      km.mesh.dispose();
      km.geometry.dispose();
      km.material.dispose();
    }
    this.#edges.geometry.dispose();
    (this.#edges.material as LineBasicMaterial).dispose();
    this.#frontier.geometry.dispose();
    (this.#frontier.material as MeshBasicMaterial).dispose();
    this.#renderer.dispose();
    this.#renderer.forceContextLoss();
  }
}
