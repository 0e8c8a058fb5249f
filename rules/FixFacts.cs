using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Resources;

namespace CmkAudit.Rules;

/// <summary>
/// The names and ids a rule's fix template needs, taken from the resolved graph. Values are plain strings (or lists
/// of fact sets); the remediation renderer quotes every one for the shell it writes.
/// </summary>
internal static class FixFacts
{
    public static Dictionary<string, object> Registry(CmkChain chain)
    {
        var registry = chain.Registry;
        var facts = new Dictionary<string, object>
        {
            ["registry_name"] = registry.Header.Name,
            ["registry_rg"] = registry.Header.ResourceGroup ?? "",
            ["registry_id"] = registry.Id,
            ["subscription"] = registry.Header.SubscriptionId ?? "",
            ["system_principal_id"] = registry.Identity?.SystemPrincipalId ?? "",
        };
        if (chain.Identity is { } identity)
        {
            facts["identity_kind"] = identity.Kind == IdentityKind.SystemAssigned ? "system" : "user";
            facts["identity_id"] = identity.ResourceId ?? "";
            facts["identity_arg"] = identity.Kind == IdentityKind.SystemAssigned ? "[system]" : identity.ClientId ?? "";
            facts["principal_id"] = identity.PrincipalId ?? "";
        }
        if (chain.KeyUri is { } key)
        {
            facts["key_uri"] = key.VersionlessUri;
            facts["key_name"] = key.KeyName;
            facts["data_plane"] = key.DataPlaneAudience;
        }
        if (chain.Vault is { } vault)
        {
            AddVault(facts, vault);
            facts["key_id"] = chain.KeySubjectId!;
        }
        return facts;
    }

    public static Dictionary<string, object> Vault(Vault vault, IEnumerable<CmkChain> chains)
    {
        var facts = new Dictionary<string, object>();
        AddVault(facts, vault);
        facts["registries"] = chains.Select(Registry).ToList();
        return facts;
    }

    public static Dictionary<string, object> Key(KeyUse use)
    {
        var facts = new Dictionary<string, object>
        {
            ["key_name"] = use.KeyUri.KeyName,
            ["key_uri"] = use.KeyUri.VersionlessUri,
            ["key_id"] = use.SubjectId,
            ["data_plane"] = use.KeyUri.DataPlaneAudience,
            ["current_version"] = use.Key?.CurrentVersion ?? "",
            ["registries"] = use.Chains.Select(Registry).ToList(),
        };
        if (use.Vault is { } vault)
        {
            AddVault(facts, vault);
        }
        return facts;
    }

    /// <summary>One grant as a fix sees it: what to delete, and in which vault.</summary>
    public static Dictionary<string, object> Grant(Vault vault, Model.Authorization.KeyGrant grant, string principalId)
    {
        var facts = new Dictionary<string, object>
        {
            ["model"] = grant.Model == Model.Authorization.PermissionModel.Rbac ? "rbac" : "policy",
            ["source"] = grant.Source,
            ["description"] = grant.Description,
            ["principal_id"] = principalId,
        };
        AddVault(facts, vault);
        return facts;
    }

    private static void AddVault(Dictionary<string, object> facts, Vault vault)
    {
        facts["vault_name"] = vault.Header.Name;
        facts["vault_rg"] = vault.Header.ResourceGroup ?? "";
        facts["vault_id"] = vault.Id;
        facts["vault_subscription"] = vault.Header.SubscriptionId ?? "";
        facts["vault_rbac"] = vault.UsesRbac ? "true" : "false";
        facts["vault_hsm"] = vault.IsManagedHsm ? "true" : "false";
    }

    /// <summary>A verdict with the facts a fix needs.</summary>
    public static Verdict With(this Verdict verdict, Dictionary<string, object> facts, params (string Name, object Value)[] extra)
    {
        foreach (var (name, value) in extra)
        {
            facts[name] = value;
        }
        return verdict with { Facts = facts };
    }
}
