using System.Text.Json;
using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Input;

/// <summary>Turns one ARM document into the typed record of its type. Field names follow the ARM REST specs.</summary>
internal sealed class ResourceMapper(Estate estate)
{
    private static readonly Dictionary<string, Action<ResourceMapper, DocumentReader, ResourceHeader>> Mappers = new(StringComparer.OrdinalIgnoreCase)
    {
        [ResourceTypes.Registry] = (m, r, h) => m.MapRegistry(r, h),
        [ResourceTypes.RegistryTask] = (m, _, h) => m.MapTask(h),
        [ResourceTypes.Vault] = (m, r, h) => m.MapVault(r, h, isManagedHsm: false),
        [ResourceTypes.ManagedHsm] = (m, r, h) => m.MapVault(r, h, isManagedHsm: true),
        [ResourceTypes.VaultKey] = (m, r, h) => m.MapKey(r, h),
        [ResourceTypes.HsmKey] = (m, r, h) => m.MapKey(r, h),
        [ResourceTypes.VaultKeyVersion] = (m, r, h) => m.MapKeyVersion(r, h),
        [ResourceTypes.HsmKeyVersion] = (m, r, h) => m.MapKeyVersion(r, h),
        [ResourceTypes.UserAssignedIdentity] = (m, r, h) => m.MapIdentity(r, h),
        [ResourceTypes.RoleAssignment] = (m, r, h) => m.MapRoleAssignment(r, h),
        [ResourceTypes.RoleDefinition] = (m, r, h) => m.MapRoleDefinition(r, h),
        [ResourceTypes.Subscription] = (m, r, h) => m.MapSubscription(r, h),
    };

    /// <summary>A document is used when its type is one we read, or when it holds user-assigned identities.</summary>
    public bool IsUsed(string type, JsonElement element) =>
        Mappers.ContainsKey(type)
        || (DocumentReader.TryGetProperty(element, "identity", out var identity)
            && DocumentReader.TryGetProperty(identity, "userAssignedIdentities", out var map)
            && map.ValueKind == JsonValueKind.Object);

    public void Map(JsonElement element, string id, string type, string file)
    {
        var reader = new DocumentReader(element, id, file, estate.Diagnostics);
        var header = new ResourceHeader(id, type, reader.String("name") ?? ArmId.LastSegment(id), ReadTags(reader), file);
        foreach (var path in new[] { "tenantId", "properties.tenantId", "identity.tenantId" })
        {
            if (reader.String(path) is { Length: > 0 } tenant)
            {
                estate.TenantIds.Add(tenant);
            }
        }
        if (Mappers.TryGetValue(type, out var mapper))
        {
            mapper(this, reader, header);
        }
        else
        {
            var identity = ReadIdentity(reader);
            estate.IdentityHolders.Add(new IdentityHolder(id, type, [.. identity!.UserAssigned.Select(u => u.ResourceId)]));
        }
    }

    private void MapRegistry(DocumentReader r, ResourceHeader header)
    {
        var identity = ReadIdentity(r);
        if (identity is { UserAssigned.Count: > 0 })
        {
            estate.IdentityHolders.Add(new IdentityHolder(header.Id, header.Type, [.. identity.UserAssigned.Select(u => u.ResourceId)]));
        }
        var encryption = r.Object("properties.encryption");
        RegistryEncryption? enc = null;
        if (encryption is { } e)
        {
            enc = new RegistryEncryption(
                r.String(e, "status"),
                r.String(e, "keyVaultProperties.keyIdentifier"),
                r.String(e, "keyVaultProperties.versionedKeyIdentifier"),
                r.String(e, "keyVaultProperties.identity"),
                r.Bool(e, "keyVaultProperties.keyRotationEnabled"),
                r.String(e, "keyVaultProperties.lastKeyRotationTimestamp"));
        }
        estate.Registries.Add(new Registry(
            header,
            r.Object("properties") is not null,
            r.String("sku.name"),
            r.String("properties.provisioningState"),
            identity,
            enc,
            r.Object("properties.policies") is not null,
            r.String("properties.policies.trustPolicy.status")));
    }

    private void MapTask(ResourceHeader header)
    {
        var cut = header.Id.LastIndexOf("/tasks/", StringComparison.OrdinalIgnoreCase);
        if (cut > 0)
        {
            estate.RegistryTasks.Add(new RegistryTask(header.Id, header.Id[..cut]));
        }
    }

    private void MapVault(DocumentReader r, ResourceHeader header, bool isManagedHsm)
    {
        NetworkAcls? acls = r.Object("properties.networkAcls") is { } n
            ? new NetworkAcls(r.String(n, "defaultAction"), r.String(n, "bypass"))
            : null;
        List<AccessPolicy>? policies = null;
        if (r.Array("properties.accessPolicies") is { } entries)
        {
            policies = [];
            foreach (var entry in entries)
            {
                var objectId = r.String(entry, "objectId");
                if (objectId is null)
                {
                    continue;
                }
                var other = (r.Strings(entry, "permissions.secrets") ?? [])
                    .Concat(r.Strings(entry, "permissions.certificates") ?? [])
                    .Concat(r.Strings(entry, "permissions.storage") ?? [])
                    .ToList();
                policies.Add(new AccessPolicy(r.String(entry, "tenantId"), objectId, r.String(entry, "applicationId"), r.Strings(entry, "permissions.keys") ?? [], other));
            }
        }
        estate.Vaults.Add(new Vault(
            header,
            isManagedHsm,
            r.String(isManagedHsm ? "properties.hsmUri" : "properties.vaultUri"),
            // Managed HSM soft delete cannot be turned off.
            isManagedHsm ? true : r.Bool("properties.enableSoftDelete"),
            r.Bool("properties.enablePurgeProtection"),
            isManagedHsm ? true : r.Bool("properties.enableRbacAuthorization"),
            acls,
            r.String("properties.publicNetworkAccess"),
            isManagedHsm ? [] : policies));
    }

    private void MapKey(DocumentReader r, ResourceHeader header)
    {
        var cut = header.Id.LastIndexOf("/keys/", StringComparison.OrdinalIgnoreCase);
        if (cut <= 0)
        {
            return;
        }
        RotationPolicy? rotation = null;
        if (r.Object("properties.rotationPolicy") is { } p)
        {
            var actions = new List<LifetimeAction>();
            foreach (var action in r.Array(p, "lifetimeActions") ?? [])
            {
                var type = r.String(action, "action.type");
                if (type is not null)
                {
                    actions.Add(new LifetimeAction(type, r.String(action, "trigger.timeAfterCreate"), r.String(action, "trigger.timeBeforeExpiry")));
                }
            }
            rotation = new RotationPolicy(r.String(p, "attributes.expiryTime"), actions);
        }
        var size = r.Long(r.Root, "properties.keySize");
        estate.Keys.Add(new VaultKey(
            header,
            header.Id[..cut],
            r.String("properties.kty"),
            size is null ? null : (int)Math.Clamp(size.Value, 0, int.MaxValue),
            ReadAttributes(r),
            r.String("properties.keyUri"),
            r.String("properties.keyUriWithVersion"),
            rotation));
    }

    private void MapKeyVersion(DocumentReader r, ResourceHeader header)
    {
        var cut = header.Id.LastIndexOf("/versions/", StringComparison.OrdinalIgnoreCase);
        if (cut <= 0)
        {
            return;
        }
        estate.KeyVersions.Add(new KeyVersion(header, header.Id[..cut], ArmId.LastSegment(header.Id).ToLowerInvariant(), ReadAttributes(r)));
    }

    private void MapIdentity(DocumentReader r, ResourceHeader header) =>
        estate.Identities.Add(new UserAssignedIdentity(header, r.String("properties.principalId"), r.String("properties.clientId")));

    private void MapRoleAssignment(DocumentReader r, ResourceHeader header)
    {
        var principalId = r.String("properties.principalId");
        var roleDefinitionId = r.String("properties.roleDefinitionId");
        if (principalId is null || roleDefinitionId is null)
        {
            Missing(header, principalId is null ? "properties.principalId" : "properties.roleDefinitionId");
            return;
        }
        var scope = r.String("properties.scope") ?? ScopeFromAssignmentId(header.Id);
        estate.RoleAssignments.Add(new RoleAssignment(header.Id, scope, principalId, ArmId.LastSegment(roleDefinitionId), r.String("properties.principalType"), r.String("properties.condition"), header.SourceFile));
    }

    private void MapRoleDefinition(DocumentReader r, ResourceHeader header)
    {
        // ARM nests roleName and permissions under "properties"; `az role definition list` puts them at the top.
        var properties = r.Object("properties");
        var scope = properties ?? r.Root;
        var permissions = new List<RolePermission>();
        foreach (var p in r.Array(scope, "permissions") ?? [])
        {
            permissions.Add(new RolePermission(
                r.Strings(p, "actions") ?? [],
                r.Strings(p, "notActions") ?? [],
                r.Strings(p, "dataActions") ?? [],
                r.Strings(p, "notDataActions") ?? []));
        }
        var roleType = properties is null ? r.String("roleType") : r.String(scope, "type");
        estate.RoleDefinitions.Add(new RoleDefinition(
            ArmId.LastSegment(header.Id).ToLowerInvariant(),
            r.String(scope, "roleName") ?? header.Name,
            string.Equals(roleType, "BuiltInRole", StringComparison.OrdinalIgnoreCase),
            permissions));
    }

    private void MapSubscription(DocumentReader r, ResourceHeader header)
    {
        var chain = r.Array("properties.managementGroupAncestorsChain");
        var subscriptionId = r.String("subscriptionId") ?? header.SubscriptionId;
        if (chain is null || subscriptionId is null)
        {
            return;
        }
        var names = chain.Select(c => r.String(c, "name")).OfType<string>().ToList();
        estate.Subscriptions.Add(new SubscriptionContainer(subscriptionId, names));
    }

    private static KeyAttributes? ReadAttributes(DocumentReader r) =>
        r.Object("properties.attributes") is { } a
            ? new KeyAttributes(r.Bool(a, "enabled"), r.Long(a, "nbf"), r.Long(a, "exp"), r.Long(a, "created"), r.Long(a, "updated"))
            : null;

    private static IdentityBlock? ReadIdentity(DocumentReader r)
    {
        if (r.Object("identity") is not { } identity)
        {
            return null;
        }
        var attached = new List<AttachedIdentity>();
        if (r.Object(identity, "userAssignedIdentities") is { } map)
        {
            foreach (var entry in map.EnumerateObject())
            {
                attached.Add(new AttachedIdentity(entry.Name, r.String(entry.Value, "principalId"), r.String(entry.Value, "clientId")));
            }
        }
        return new IdentityBlock(r.String(identity, "type"), r.String(identity, "principalId"), attached);
    }

    private static IReadOnlyDictionary<string, string> ReadTags(DocumentReader r)
    {
        if (r.Object("tags") is not { } tags)
        {
            return EmptyTags;
        }
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in tags.EnumerateObject())
        {
            result[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : tag.Value.GetRawText();
        }
        return result;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyTags = new Dictionary<string, string>();

    private static string ScopeFromAssignmentId(string id)
    {
        var cut = id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase);
        return cut <= 0 ? "/" : id[..cut];
    }

    private void Missing(ResourceHeader header, string field) =>
        estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.MissingField, DiagnosticSeverity.Warning, $"{header.Id}: required field '{field}' is missing; the document was skipped.", header.SourceFile, ResourceId: header.Id));
}
