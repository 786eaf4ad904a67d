// The e2e run's file order: the journey first, on the suite's young devnet — a person's first
// session starts a smesher on a network the browser joins at once (other files follow in
// vitest's default order). A browser smesher joining a devnet that has already run for minutes
// is a separate case (see the issue notes).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = /journey\.test\.ts$/;

export class JourneyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [
      ...sorted.filter((f) => FIRST.test(f.moduleId)),
      ...sorted.filter((f) => !FIRST.test(f.moduleId)),
    ];
  }
}
