using CmkAudit.Engine;
using CmkAudit.Model.Authorization;
using CmkAudit.Model.Graph;

namespace CmkAudit.Rules;

/// <summary>What the access rules need before they can judge a registry's identity on its key.</summary>
internal static class KeyAccessPreconditions
{
    /// <summary>The identity's access to the key, or the verdict that explains why it cannot be judged.</summary>
    public static (KeyAccess? Access, Verdict? Verdict) Resolve(CmkChain chain, RuleContext context)
    {
        if (chain.Identity?.PrincipalId is not { } principalId)
        {
            return (null, Verdict.Unknown($"The principal (object) id of the encryption identity is not in the input: {chain.Identity?.Explanation ?? "no identity"}."));
        }
        if (chain.Vault is not { } vault || chain.KeyUri is not { } keyUri)
        {
            return (null, Verdict.Unknown("The key vault of the registry's key is not in the input."));
        }
        if (vault.IsManagedHsm)
        {
            return (null, Verdict.Unknown($"{vault.Header.Name} is a managed HSM: its key permissions are local RBAC role assignments, which ARM and Resource Graph do not show. Check them with `az keyvault role assignment list --hsm-name {vault.Header.Name}`."));
        }
        var access = context.Graph.KeyAccessOf(vault, keyUri.KeyName, principalId);
        if (!access.EffectiveModelVisible)
        {
            var missing = vault.UsesRbac
                ? "the vault uses Azure RBAC and the input holds no role assignments"
                : "the vault uses access policies and its document has no properties.accessPolicies";
            return (access, Verdict.Unknown($"Cannot tell what identity {principalId} holds on {vault.Header.Name}: {missing}."));
        }
        return (access, null);
    }

    public static string ModelName(KeyAccess access) =>
        access.EffectiveModel == PermissionModel.Rbac ? "Azure RBAC" : "access policies";
}
