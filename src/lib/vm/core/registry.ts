// genvm registry: the handler of each template.
import { multisigHandler } from '../templates/multisig/handler.ts';
import { vaultHandler } from '../templates/vault/handler.ts';
import { vestingHandler } from '../templates/vesting/handler.ts';
import { walletHandler } from '../templates/wallet/handler.ts';
import type { TemplateName } from '../tx/types.ts';
import type { TemplateHandler } from './handler.ts';

const HANDLERS: { readonly [T in TemplateName]: TemplateHandler<T> } = {
  wallet: walletHandler,
  multisig: multisigHandler,
  vesting: vestingHandler,
  vault: vaultHandler,
};

/** The handler of `template`, typed loosely: callers pass the state that template decodes. */
export function handlerOf(template: TemplateName): TemplateHandler<TemplateName> {
  return HANDLERS[template] as unknown as TemplateHandler<TemplateName>;
}
