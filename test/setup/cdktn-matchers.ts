// cdktn's Testing matchers (toHaveResourceWithProperties, …) under vitest:
// they register on the global `expect`, which vitest does not expose by default.
import { expect } from 'vitest';
import { Testing } from 'cdktn';

(globalThis as unknown as { expect: typeof expect }).expect = expect;
Testing.setupJest();

/** A generated provider binding class: the matchers read its static tfResourceType. */
interface TerraformType {
  readonly tfResourceType: string;
}

interface CdktnMatchers<R = unknown> {
  toHaveResource(type: TerraformType): R;
  toHaveResourceWithProperties(type: TerraformType, properties: Record<string, unknown>): R;
  toHaveDataSourceWithProperties(type: TerraformType, properties: Record<string, unknown>): R;
  toHaveProviderWithProperties(type: TerraformType, properties: Record<string, unknown>): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T> extends CdktnMatchers<T> {}
}
