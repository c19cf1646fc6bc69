/**
 * A typed binding for the one data source of hashicorp/http the guide uses:
 * `data "http"`, which fetches a public document at plan time (the RDS
 * certificate authorities). Hand-written like the helm and kubernetes
 * bindings, against the provider's documented schema at the pinned version.
 */
import { TerraformDataSource, TerraformProvider } from 'cdktn';
import type { Construct } from 'constructs';
import { literal } from '../literal.js';

export const HTTP_PROVIDER_VERSION = '3.5.0';

export class HttpProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: 'http', terraformProviderSource: 'hashicorp/http', terraformGeneratorMetadata: { providerName: 'http', providerVersionConstraint: HTTP_PROVIDER_VERSION } });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

export class DataHttp extends TerraformDataSource {
  static readonly tfResourceType = 'http';
  constructor(scope: Construct, id: string, private readonly props: { url: string }) {
    super(scope, id, { terraformResourceType: DataHttp.tfResourceType, terraformGeneratorMetadata: { providerName: 'http' } });
  }
  /** The status code, which a postcondition holds to 200 (an error page is no CA bundle). */
  get statusCode(): string {
    return this.getStringAttribute('status_code');
  }
  /** The document's body. */
  get responseBody(): string {
    return this.getStringAttribute('response_body');
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return literal({ url: this.props.url, retry: { attempts: 3 } });
  }
}
