import { audienceScenario } from './audience';
import { audienceFileScenario } from './audienceFile';
import { conversionScenario } from './conversion';
import { identityScenario } from './identity';
import { leadScenario } from './leadTrigger';
import { pacerRecoveryScenario } from './pacerRecovery';
import { rateLimitScenario } from './rateLimit';
import { serverAudienceScenario } from './serverAudience';
import type { Scenario } from './types';

/** In the order of bench/README.md § Scenarios. */
export const SCENARIOS: Scenario[] = [identityScenario, audienceScenario, conversionScenario, leadScenario, rateLimitScenario, pacerRecoveryScenario, serverAudienceScenario, audienceFileScenario];
