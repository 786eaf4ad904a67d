// Why a checkpoint file was refused (go-spacemesh checkpoint/recovery.go: ValidateSchema, the
// version check, then the conversion of each snapshot). Callers branch on `reason`, never on
// message text. A refused checkpoint leaves the node's store untouched.

export type CheckpointErrorReason =
  /** the text is not JSON, or not a JSON object */
  | 'not-json'
  /** `version` is not go-spacemesh's schema id (SchemaVersion) */
  | 'bad-version'
  /** a required field (command, version, data, data.id, data.atxs, data.accounts, or a field of
   *  an ATX snapshot) is missing */
  | 'missing-field'
  /** a field has the wrong JSON type, a byte field is not base64 of the right length, or a
   *  number is negative, fractional or out of range */
  | 'bad-field'
  /** two ATX snapshots with one id, or two accounts with one address */
  | 'duplicate'
  /** the restore layer is not after genesis, or the checkpoint names none and none was given */
  | 'bad-restore-layer'
  /** the checkpoint's accounts or ATXs are of another network (a template address we do not
   *  know, an ATX published after the restore layer's epoch) */
  | 'inconsistent';

export class CheckpointError extends Error {
  readonly reason: CheckpointErrorReason;
  /** Where in the file: `data.atxs[3].id`, … (empty for the whole file). */
  readonly path: string;

  constructor(reason: CheckpointErrorReason, path: string, message: string) {
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'CheckpointError';
    this.reason = reason;
    this.path = path;
  }
}
