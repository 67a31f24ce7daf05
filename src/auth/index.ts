// The public surface of src/auth. Other components import from here, not from
// the files behind it.
export { AuthTypedError, isAuthTypedError } from './auth-error.js';
export * from './pki.js';
export * from './join-token.js';
export * from './sealing.js';
export {
  insecureUser,
  leaderUser,
  nodeUser,
  nodeUserPrefix,
  parseNodeUser,
  parseServiceAccountUser,
  serviceAccountUser,
  serviceAccountUserName,
  serviceAccountUserPrefix,
  systemAuthenticated,
  systemMasters,
  systemNodes,
  systemServiceAccounts,
  type UserInfo,
} from './user-info.js';
export {
  combinedResource,
  coreGroup,
  describeDenial,
  isNonResourceRequest,
  type RequestAttributes,
} from './attributes.js';
export {
  RbacIndex,
  apiGroupMatches,
  bindAttributes,
  bindingLimitError,
  breakdownCount,
  breakdownRule,
  checkEscalation,
  coverPermissionsMax,
  covers,
  describeRule,
  escalateAttributes,
  missingShownMax,
  nonResourceUrlMatches,
  rbacGroup,
  resourceMatches,
  resourceNameMatches,
  roleLimitError,
  ruleAllows,
  ruleCovers,
  rulesPerRoleMax,
  subjectApplies,
  subjectsPerBindingMax,
  superuserRules,
  verbMatches,
  wildcard,
  type BindingLike,
  type CoversResult,
  type Decision,
  type EscalationRequest,
  type EscalationResult,
  type PolicyRule,
  type RbacPolicy,
  type RoleLike,
  type RoleRef,
  type Subject,
} from './rbac.js';
export {
  defaultClusterRoleBindings,
  defaultClusterRoles,
  readVerbs,
  readWriteVerbs,
  writeVerbs,
} from './default-roles.js';
export {
  MemoryNodeGraph,
  authorizeNode,
  nodeLeaseNamespace,
  podReferences,
  tlsSecretFieldSelector,
  type NodeDecision,
  type NodeGraph,
  type NodeReferences,
  type PodReferences,
} from './node-authorizer.js';
export * from './audit-policy.js';
export * from './audit-log.js';
export {
  generateSigningKey,
  keyId,
  ServiceAccountTokenError,
  ServiceAccountTokens,
  serviceAccountTokenBytesMax,
  tokenExpirationSecondsDefault,
  tokenExpirationSecondsMax,
  tokenExpirationSecondsMin,
  type IssueTokenRequest,
  type ServiceAccountIdentity,
  type ServiceAccountTokenClaims,
  type ServiceAccountTokenErrorCode,
  type ServiceAccountTokensOptions,
} from './service-account-token.js';
