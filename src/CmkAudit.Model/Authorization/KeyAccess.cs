using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Authorization;

public enum PermissionModel
{
    AccessPolicy,
    Rbac,
}

/// <summary>
/// One thing that gives a principal permissions on a key: an access-policy entry or a role assignment.
/// <see cref="Excess"/> names what it grants beyond get/wrapKey/unwrapKey (for least privilege).
/// </summary>
public sealed record KeyGrant(
    PermissionModel Model,
    string Source,
    string Description,
    bool Get,
    bool Wrap,
    bool Unwrap,
    IReadOnlyList<string> Excess,
    string? Condition = null)
{
    public bool IsSufficient => Get && Wrap && Unwrap;

    public bool GrantsAnyKeyPermission => Get || Wrap || Unwrap || Excess.Count > 0;
}

/// <summary>
/// What a principal holds on one key of one vault, in both permission models. <see cref="Undetermined"/> lists
/// grants the input does not let CmkAudit judge; <see cref="Notes"/> lists entries that look like grants but are not.
/// </summary>
public sealed record KeyAccess(
    Vault Vault,
    string PrincipalId,
    IReadOnlyList<KeyGrant> AccessPolicyGrants,
    IReadOnlyList<KeyGrant> RoleGrants,
    IReadOnlyList<string> Undetermined,
    IReadOnlyList<string> Notes,
    bool AccessPoliciesKnown,
    bool RoleAssignmentsKnown)
{
    public PermissionModel EffectiveModel => Vault.UsesRbac ? PermissionModel.Rbac : PermissionModel.AccessPolicy;

    public IReadOnlyList<KeyGrant> EffectiveGrants => Vault.UsesRbac ? RoleGrants : AccessPolicyGrants;

    public IReadOnlyList<KeyGrant> IgnoredGrants => Vault.UsesRbac ? AccessPolicyGrants : RoleGrants;

    /// <summary>True when the input holds the data to decide the effective model (Managed HSM local RBAC is never visible to ARM).</summary>
    public bool EffectiveModelVisible => !Vault.IsManagedHsm && (Vault.UsesRbac ? RoleAssignmentsKnown : AccessPoliciesKnown);

    public bool Get => EffectiveGrants.Any(g => g.Get);

    public bool Wrap => EffectiveGrants.Any(g => g.Wrap);

    public bool Unwrap => EffectiveGrants.Any(g => g.Unwrap);

    public bool IsSufficient => Get && Wrap && Unwrap;
}
