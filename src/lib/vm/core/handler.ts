// What a template provides to the VM (genvm core.Handler and core.Template merged: templates
// here are stateless functions over their decoded state, which is their spawn arguments).
import type { SpawnArgumentsOf } from '../tx/templates.ts';
import type { MethodName, TemplateName, Transaction } from '../tx/types.ts';
import type { Context } from './context.ts';
import type { ExecFailure } from './errors.ts';

export interface TemplateHandler<T extends TemplateName = TemplateName> {
  readonly name: T;
  /** Methods other than spawn whose arguments the template reads (handler.Args). */
  readonly methods: ReadonlySet<MethodName>;
  /** handler.New: why `args` cannot make an instance, or undefined when they can. */
  validate(args: SpawnArgumentsOf[T]): string | undefined;
  /** Intrinsic gas: must be covered by the balance or the transaction is ineffective. */
  baseGas(method: MethodName, state: SpawnArgumentsOf[T]): bigint;
  /** Gas to load the principal's account. */
  loadGas(state: SpawnArgumentsOf[T]): bigint;
  /** Gas to execute `method` (for spawns: of the spawned instance). */
  execGas(method: MethodName, state: SpawnArgumentsOf[T]): bigint;
  /** The most `tx` may transfer from the principal. */
  maxSpend(tx: Transaction): bigint;
  /** handler.Exec with the principal's state; the failure code when the method fails. */
  exec(ctx: Context, tx: Transaction, state: SpawnArgumentsOf[T]): ExecFailure | undefined;
}
