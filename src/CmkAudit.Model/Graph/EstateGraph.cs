using CmkAudit.Model.Authorization;
using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Graph;

/// <summary>
/// The estate with its links resolved: indexes for every lookup the rules make, and one <see cref="CmkChain"/>
/// per registry. Built once, read-only afterwards, so rules can run in parallel over it.
/// </summary>
public sealed class EstateGraph
{
    private static readonly string[] NeededKeyPermissions = ["get", "wrapkey", "unwrapkey"];
    private const string KeyRead = "Microsoft.KeyVault/vaults/keys/read";
    private const string KeyWrap = "Microsoft.KeyVault/vaults/keys/wrap/action";
    private const string KeyUnwrap = "Microsoft.KeyVault/vaults/keys/unwrap/action";

    /// <summary>Management-plane actions that let a principal widen its own access to the vault.</summary>
    private static readonly string[] AccessChangingActions =
        ["Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/accessPolicies/write", "Microsoft.Authorization/roleAssignments/write"];

    private readonly Dictionary<string, Vault> _vaultsByHost;
    private readonly Dictionary<string, VaultKey> _keysById;
    private readonly Dictionary<string, List<KeyVersion>> _versionsByKeyId;
    private readonly Dictionary<string, UserAssignedIdentity> _identitiesById;
    private readonly Dictionary<string, UserAssignedIdentity> _identitiesByClientId;
    private readonly Dictionary<string, List<string>> _holdersByIdentityId;
    private readonly Dictionary<string, List<RoleAssignment>> _assignmentsByPrincipal;
    private readonly Dictionary<string, RoleDefinition> _roleDefinitions;
    private readonly Dictionary<string, IReadOnlyList<string>> _managementGroupsBySubscription;
    private readonly HashSet<string> _registriesWithTasks;
    private readonly Dictionary<string, List<RoleAssignment>> _assignmentsByScope;
    private readonly Lazy<Dictionary<string, IReadOnlyList<(Vault Vault, KeyGrant Grant)>>> _cmkKeyGrants;

    public EstateGraph(Estate estate)
    {
        Estate = estate;
        _vaultsByHost = IndexFirst(estate.Vaults.Where(v => v.Host is not null), v => v.Host!);
        _keysById = IndexFirst(estate.Keys, k => k.Id);
        _versionsByKeyId = estate.KeyVersions.GroupBy(v => ArmId.Normalize(v.KeyId)).ToDictionary(g => g.Key, g => g.ToList());
        _identitiesById = IndexFirst(estate.Identities, i => i.Id);
        _identitiesByClientId = IndexFirst(estate.Identities.Where(i => i.ClientId is not null), i => i.ClientId!);
        _holdersByIdentityId = estate.IdentityHolders
            .SelectMany(h => h.UserAssignedIdentityIds.Select(id => (Identity: ArmId.Normalize(id), h.ResourceId)))
            .GroupBy(x => x.Identity)
            .ToDictionary(g => g.Key, g => g.Select(x => x.ResourceId).Distinct(ArmId.Comparer).ToList());
        _assignmentsByPrincipal = estate.RoleAssignments.GroupBy(a => a.PrincipalId.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.ToList());
        _assignmentsByScope = estate.RoleAssignments.GroupBy(a => a.Scope.Trim() == "/" ? "" : ArmId.Normalize(a.Scope)).ToDictionary(g => g.Key, g => g.ToList());
        _roleDefinitions = BuiltInRoles.All.ToDictionary(r => r.Guid, StringComparer.OrdinalIgnoreCase);
        foreach (var custom in estate.RoleDefinitions)
        {
            // The input wins: a tenant's own copy of a definition is what Azure evaluates.
            _roleDefinitions[custom.Guid] = custom;
        }
        _managementGroupsBySubscription = estate.Subscriptions
            .GroupBy(s => s.SubscriptionId.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.First().ManagementGroupNames);
        _registriesWithTasks = estate.RegistryTasks.Select(t => ArmId.Normalize(t.RegistryId)).ToHashSet(StringComparer.Ordinal);
        // Ordered by id so every verdict and message is the same whatever order the input files list resources in.
        Chains = estate.Registries.Select(Resolve).OrderBy(c => c.Registry.Id, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Registry.Id, StringComparer.Ordinal).ToList();
        CmkChains = Chains.Where(c => c.Registry.Encryption?.IsEnabled == true).ToList();
        _cmkKeyGrants = new Lazy<Dictionary<string, IReadOnlyList<(Vault Vault, KeyGrant Grant)>>>(BuildCmkKeyGrants);
    }

    public Estate Estate { get; }

    /// <summary>One chain per registry in the input, ordered by registry id.</summary>
    public IReadOnlyList<CmkChain> Chains { get; }

    /// <summary>The chains of registries whose encryption status is enabled.</summary>
    public IReadOnlyList<CmkChain> CmkChains { get; }

    /// <summary>
    /// Whether the input says which tasks a registry has. A snapshot says it per registry (the task lists it could read);
    /// an export without one is trusted when it carries task documents at all. Otherwise "no tasks" cannot be told
    /// from "not collected".
    /// </summary>
    public bool TasksKnownFor(string registryId) =>
        Estate.Collections.Count > 0 ? Estate.TasksCollectedFor.Contains(ArmId.Normalize(registryId)) : Estate.RegistryTasks.Count > 0;

    public bool RoleAssignmentsKnown => Estate.RoleAssignments.Count > 0;

    public bool HasTasks(string registryId) => _registriesWithTasks.Contains(ArmId.Normalize(registryId));

    public UserAssignedIdentity? FindIdentity(string id) => _identitiesById.GetValueOrDefault(ArmId.Normalize(id));

    /// <summary>Ids of the resources (registries included) that list this user-assigned identity.</summary>
    public IReadOnlyList<string> HoldersOf(string identityId) =>
        _holdersByIdentityId.GetValueOrDefault(ArmId.Normalize(identityId)) ?? [];

    /// <summary>
    /// The key permissions principals hold on the keys CMK registries use, by principal (object) id, in each
    /// vault's effective model. Built once on first use from the scope index, so orphan checks stay linear.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(Vault Vault, KeyGrant Grant)>> CmkKeyGrantsByPrincipal => _cmkKeyGrants.Value;

    private Dictionary<string, IReadOnlyList<(Vault Vault, KeyGrant Grant)>> BuildCmkKeyGrants()
    {
        var grants = new Dictionary<string, List<(Vault Vault, KeyGrant Grant)>>(StringComparer.OrdinalIgnoreCase);
        var keys = CmkChains
            .Where(c => c.Vault is { IsManagedHsm: false } && c.KeyUri is not null)
            .DistinctBy(c => ArmId.Normalize($"{c.Vault!.Id}/keys/{c.KeyUri!.KeyName}"));
        foreach (var chain in keys)
        {
            var vault = chain.Vault!;
            var keyName = chain.KeyUri!.KeyName;
            foreach (var principal in PrincipalsMentionedOn(vault, keyName))
            {
                foreach (var grant in KeyAccessOf(vault, keyName, principal).EffectiveGrants.Where(g => g.GrantsAnyKeyPermission))
                {
                    if (!grants.TryGetValue(principal, out var list))
                    {
                        grants[principal] = list = [];
                    }
                    if (!list.Any(x => ArmId.AreEqual(x.Grant.Source, grant.Source) && ArmId.AreEqual(x.Vault.Id, vault.Id)))
                    {
                        list.Add((vault, grant));
                    }
                }
            }
        }
        return grants.ToDictionary(g => g.Key, g => (IReadOnlyList<(Vault, KeyGrant)>)g.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Principals named by the vault's access policies or by role assignments at the key's scope or above.</summary>
    private IEnumerable<string> PrincipalsMentionedOn(Vault vault, string keyName)
    {
        var fromPolicies = (vault.AccessPolicies ?? []).Select(p => p.ObjectId);
        var fromRoles = AncestorScopes(vault, $"{vault.Id}/keys/{keyName}")
            .SelectMany(scope => _assignmentsByScope.GetValueOrDefault(scope) ?? [])
            .Select(a => a.PrincipalId);
        return fromPolicies.Concat(fromRoles).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The normalised scopes whose assignments a resource inherits: itself, its parents, management groups, "/".</summary>
    private IEnumerable<string> AncestorScopes(Vault vault, string resourceId)
    {
        var id = ArmId.Normalize(resourceId);
        for (var cut = id.Length; cut > 0; cut = id.LastIndexOf('/', cut - 1))
        {
            yield return id[..cut];
        }
        yield return "";
        var subscription = vault.Header.SubscriptionId?.ToLowerInvariant();
        var groups = subscription is not null && _managementGroupsBySubscription.TryGetValue(subscription, out var known)
            ? known.Select(g => ArmId.Normalize($"/providers/Microsoft.Management/managementGroups/{g}"))
            // Unknown membership: every management-group assignment may apply, and KeyAccessOf says it is undetermined.
            : _assignmentsByScope.Keys.Where(k => ArmId.ManagementGroupOf(k) is not null);
        foreach (var group in groups)
        {
            yield return group;
        }
    }

    /// <summary>
    /// What <paramref name="principalId"/> holds on key <paramref name="keyName"/> of <paramref name="vault"/>
    /// (or on the vault's keys in general when the key name is not known), under both permission models.
    /// </summary>
    public KeyAccess KeyAccessOf(Vault vault, string? keyName, string principalId)
    {
        var policyGrants = new List<KeyGrant>();
        var undetermined = new List<string>();
        var notes = new List<string>();
        foreach (var policy in vault.AccessPolicies ?? [])
        {
            if (!policy.ObjectId.Equals(principalId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (policy.IsCompound)
            {
                notes.Add($"the access policy for object {policy.ObjectId} with applicationId {policy.ApplicationId} is a compound identity and does not grant the identity alone");
                continue;
            }
            var keys = policy.KeyPermissions.Select(p => p.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            var all = keys.Contains("all");
            var excess = keys.Where(p => !NeededKeyPermissions.Contains(p)).Select(p => $"keys:{p}")
                .Concat(policy.OtherPermissions.Select(p => $"other:{p}"))
                .Order(StringComparer.Ordinal)
                .ToList();
            policyGrants.Add(new KeyGrant(
                PermissionModel.AccessPolicy,
                $"{vault.Id}#accessPolicies/{policy.ObjectId}",
                $"access policy (keys: {(policy.KeyPermissions.Count == 0 ? "none" : string.Join(", ", policy.KeyPermissions))})",
                all || keys.Contains("get"),
                all || keys.Contains("wrapkey"),
                all || keys.Contains("unwrapkey"),
                excess));
        }

        var roleGrants = new List<KeyGrant>();
        var target = keyName is null ? vault.Id : $"{vault.Id}/keys/{keyName}";
        foreach (var assignment in _assignmentsByPrincipal.GetValueOrDefault(principalId.ToLowerInvariant()) ?? [])
        {
            var coverage = Covers(assignment.Scope, target, vault);
            if (coverage == Coverage.No)
            {
                continue;
            }
            if (coverage == Coverage.Unknown)
            {
                undetermined.Add($"role assignment {assignment.Id} at management group scope {assignment.Scope}: the subscription's management groups are not in the input");
                continue;
            }
            if (!_roleDefinitions.TryGetValue(assignment.RoleDefinitionGuid, out var role))
            {
                undetermined.Add($"role assignment {assignment.Id} uses role definition {assignment.RoleDefinitionGuid}, which is neither built in nor in the input");
                continue;
            }
            var excess = role.Permissions
                .SelectMany(p => p.DataActions)
                .Where(d => !d.Equals(KeyRead, StringComparison.OrdinalIgnoreCase) && !d.Equals(KeyWrap, StringComparison.OrdinalIgnoreCase) && !d.Equals(KeyUnwrap, StringComparison.OrdinalIgnoreCase))
                .Select(d => $"dataAction:{d}")
                .Concat(AccessChangingActions.Where(a => PermissionMatcher.GrantsAction(role, a)).Select(a => $"action:{a}"))
                .Order(StringComparer.Ordinal)
                .ToList();
            roleGrants.Add(new KeyGrant(
                PermissionModel.Rbac,
                assignment.Id,
                $"role '{role.RoleName}' at scope {assignment.Scope}",
                PermissionMatcher.GrantsDataAction(role, KeyRead),
                PermissionMatcher.GrantsDataAction(role, KeyWrap),
                PermissionMatcher.GrantsDataAction(role, KeyUnwrap),
                excess,
                assignment.Condition));
        }
        return new KeyAccess(vault, principalId, policyGrants, roleGrants, undetermined, notes, vault.AccessPolicies is not null, RoleAssignmentsKnown);
    }

    private enum Coverage
    {
        No,
        Yes,
        Unknown,
    }

    private Coverage Covers(string scope, string target, Vault vault)
    {
        if (ArmId.ScopeCovers(scope, target))
        {
            return Coverage.Yes;
        }
        if (ArmId.ManagementGroupOf(scope) is not { } group)
        {
            return Coverage.No;
        }
        var subscription = vault.Header.SubscriptionId?.ToLowerInvariant();
        if (subscription is null || !_managementGroupsBySubscription.TryGetValue(subscription, out var groups))
        {
            return Coverage.Unknown;
        }
        return groups.Contains(group, StringComparer.OrdinalIgnoreCase) ? Coverage.Yes : Coverage.No;
    }

    private CmkChain Resolve(Registry registry)
    {
        var gaps = new List<UnresolvedLink>();
        var encryption = registry.Encryption;
        if (encryption?.IsEnabled != true)
        {
            return new CmkChain(registry, null, null, null, null, [], gaps);
        }
        var identity = ResolveIdentity(registry, encryption, gaps);
        var keyUri = KeyUri.TryParse(encryption.KeyIdentifier);
        if (keyUri is null)
        {
            gaps.Add(new UnresolvedLink(registry.Id, "key", $"keyVaultProperties.keyIdentifier '{encryption.KeyIdentifier}' is not a Key Vault key URI"));
            return new CmkChain(registry, identity, null, null, null, [], gaps);
        }
        var vault = _vaultsByHost.GetValueOrDefault(keyUri.Host);
        if (vault is null)
        {
            gaps.Add(new UnresolvedLink(registry.Id, "vault", $"no vault or managed HSM in the input has the host {keyUri.Host}"));
            return new CmkChain(registry, identity, keyUri, null, null, [], gaps);
        }
        var keyId = $"{vault.Id}/keys/{keyUri.KeyName}";
        var key = _keysById.GetValueOrDefault(ArmId.Normalize(keyId));
        if (key is null)
        {
            gaps.Add(new UnresolvedLink(registry.Id, "key", $"the key document {keyId} is not in the input"));
        }
        var versions = _versionsByKeyId.GetValueOrDefault(ArmId.Normalize(keyId)) ?? [];
        return new CmkChain(registry, identity, keyUri, vault, key, versions, gaps);
    }

    private EncryptionIdentity? ResolveIdentity(Registry registry, RegistryEncryption encryption, List<UnresolvedLink> gaps)
    {
        var clientId = encryption.IdentityClientId?.Trim();
        var block = registry.Identity;
        var systemPrincipal = block?.SystemPrincipalId;
        var hasSystem = block?.HasSystemAssigned == true;
        var isSystemWord = string.IsNullOrEmpty(clientId) || clientId.Equals("system", StringComparison.OrdinalIgnoreCase) || clientId.Equals("[system]", StringComparison.OrdinalIgnoreCase);

        if (!isSystemWord)
        {
            var attached = block?.UserAssigned.FirstOrDefault(u => string.Equals(u.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
            if (attached is not null)
            {
                var document = FindIdentity(attached.ResourceId);
                return new EncryptionIdentity(IdentityKind.UserAssigned, attached.ResourceId, clientId, attached.PrincipalId ?? document?.PrincipalId, true,
                    $"client id {clientId} is the user-assigned identity {attached.ResourceId}, assigned to the registry");
            }
            if (_identitiesByClientId.TryGetValue(clientId!, out var known))
            {
                // The identity exists but is no longer on the registry: ACR cannot reach the key with it.
                return new EncryptionIdentity(IdentityKind.UserAssigned, known.Id, clientId, known.PrincipalId, false,
                    $"client id {clientId} is the user-assigned identity {known.Id}, which is not assigned to the registry");
            }
            if (hasSystem)
            {
                return new EncryptionIdentity(IdentityKind.SystemAssigned, null, clientId, systemPrincipal, true,
                    $"client id {clientId} matches none of the registry's user-assigned identities, so it is the registry's system-assigned identity");
            }
            gaps.Add(new UnresolvedLink(registry.Id, "identity", $"client id {clientId} matches no identity of the registry and no identity document in the input"));
            return new EncryptionIdentity(IdentityKind.UserAssigned, null, clientId, null, false,
                $"client id {clientId} matches none of the registry's identities, and the registry has no system-assigned identity");
        }
        return new EncryptionIdentity(IdentityKind.SystemAssigned, null, null, systemPrincipal, hasSystem,
            hasSystem
                ? "the registry encrypts with its system-assigned identity"
                : "the registry is set to encrypt with its system-assigned identity, but has none");
    }

    private static Dictionary<string, T> IndexFirst<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            index.TryAdd(ArmId.Normalize(key(item)), item);
        }
        return index;
    }
}
