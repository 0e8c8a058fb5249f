using System.Globalization;
using System.Text.Json;

namespace CmkAudit.Benchmarks;

/// <summary>
/// Writes a synthetic estate shaped like a large tenant: per 1,000 resources, 10 registries (7 with CMK over
/// access-policy and RBAC vaults), 5 vaults, 7 keys with 14 versions, 20 user-assigned identities,
/// 30 role assignments, 100 other resources holding identities and 814 resources CmkAudit ignores.
/// Files hold 10,000 resources each, as paged exports do.
/// </summary>
internal static class SyntheticEstate
{
    private const int PerFile = 10_000;

    public static void Write(string folder, int resources)
    {
        Directory.CreateDirectory(folder);
        var blocks = resources / 1000;
        var blocksPerFile = PerFile / 1000;
        for (var file = 0; file * blocksPerFile < blocks; file++)
        {
            using var stream = File.Create(Path.Combine(folder, $"estate-{file:D4}.json"));
            using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartObject();
            writer.WriteStartArray("value");
            for (var b = file * blocksPerFile; b < Math.Min(blocks, (file + 1) * blocksPerFile); b++)
            {
                WriteBlock(writer, b);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    private static string Guid(int block, int kind, int index) =>
        $"{block:x8}-{kind:x4}-4{index:x3}-a000-{block * 1000 + index:x12}";

    private static void WriteBlock(Utf8JsonWriter w, int block)
    {
        var sub = Guid(block / 50, 1, 0);
        var rg = $"/subscriptions/{sub}/resourceGroups/rg-block-{block}";
        var identities = Enumerable.Range(0, 20).Select(i => (
            Id: $"{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-{i}",
            Principal: Guid(block, 2, i),
            Client: Guid(block, 3, i))).ToList();
        foreach (var identity in identities)
        {
            Resource(w, identity.Id, "Microsoft.ManagedIdentity/userAssignedIdentities", () =>
            {
                w.WriteString("principalId", identity.Principal);
                w.WriteString("clientId", identity.Client);
            });
        }
        for (var v = 0; v < 5; v++)
        {
            var vaultId = $"{rg}/providers/Microsoft.KeyVault/vaults/kv-{block}-{v}";
            var rbac = v % 2 == 1;
            Resource(w, vaultId, "Microsoft.KeyVault/vaults", () =>
            {
                w.WriteString("vaultUri", $"https://kv-{block}-{v}.vault.azure.net/");
                w.WriteBoolean("enableSoftDelete", true);
                if (v != 4)
                {
                    w.WriteBoolean("enablePurgeProtection", true);
                }
                w.WriteBoolean("enableRbacAuthorization", rbac);
                w.WriteStartObject("networkAcls");
                w.WriteString("defaultAction", v == 2 ? "Deny" : "Allow");
                w.WriteString("bypass", "AzureServices");
                w.WriteEndObject();
                w.WriteStartArray("accessPolicies");
                for (var p = 0; p < 4 && !rbac; p++)
                {
                    w.WriteStartObject();
                    w.WriteString("tenantId", Guid(0, 9, 0));
                    w.WriteString("objectId", identities[(v * 4 + p) % 20].Principal);
                    w.WriteStartObject("permissions");
                    w.WriteStartArray("keys");
                    w.WriteStringValue("get");
                    w.WriteStringValue("wrapKey");
                    w.WriteStringValue("unwrapKey");
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }
        for (var k = 0; k < 7; k++)
        {
            var vault = k % 5;
            var keyId = $"{rg}/providers/Microsoft.KeyVault/vaults/kv-{block}-{vault}/keys/cmk-{k}";
            var uri = $"https://kv-{block}-{vault}.vault.azure.net:443/keys/cmk-{k}";
            var current = $"{block:x8}{k:x8}0000000000000001";
            Resource(w, keyId, "Microsoft.KeyVault/vaults/keys", () =>
            {
                w.WriteStartObject("attributes");
                w.WriteBoolean("enabled", true);
                w.WriteNumber("created", 1780000000 + block);
                w.WriteNumber("exp", 1880000000 - (k == 6 ? 100000000 : 0));
                w.WriteEndObject();
                w.WriteString("kty", "RSA");
                w.WriteNumber("keySize", k == 5 ? 1024 : 3072);
                w.WriteString("keyUri", uri);
                w.WriteString("keyUriWithVersion", $"{uri}/{current}");
                w.WriteStartObject("rotationPolicy");
                w.WriteStartArray("lifetimeActions");
                w.WriteStartObject();
                w.WriteStartObject("trigger");
                w.WriteString("timeAfterCreate", "P90D");
                w.WriteEndObject();
                w.WriteStartObject("action");
                w.WriteString("type", "rotate");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });
            for (var version = 0; version < 2; version++)
            {
                var name = $"{block:x8}{k:x8}000000000000000{version}";
                Resource(w, $"{keyId}/versions/{name}", "Microsoft.KeyVault/vaults/keys/versions", () =>
                {
                    w.WriteStartObject("attributes");
                    w.WriteBoolean("enabled", true);
                    w.WriteNumber("created", 1770000000 + version * 1000000);
                    w.WriteEndObject();
                });
            }
        }
        for (var r = 0; r < 10; r++)
        {
            var identity = identities[r];
            var registryId = $"{rg}/providers/Microsoft.ContainerRegistry/registries/cr{block}x{r}";
            Resource(w, registryId, "Microsoft.ContainerRegistry/registries", () =>
            {
                w.WriteString("provisioningState", "Succeeded");
                w.WriteStartObject("policies");
                w.WriteStartObject("trustPolicy");
                w.WriteString("status", r == 3 ? "enabled" : "disabled");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject("encryption");
                if (r < 7)
                {
                    var vault = r % 5;
                    var uri = $"https://kv-{block}-{vault}.vault.azure.net/keys/cmk-{r}";
                    w.WriteString("status", "enabled");
                    w.WriteStartObject("keyVaultProperties");
                    w.WriteString("keyIdentifier", r == 4 ? $"{uri}/{block:x8}{r:x8}0000000000000000" : uri);
                    w.WriteString("versionedKeyIdentifier", $"{uri}/{block:x8}{r:x8}000000000000000{(r == 4 ? 0 : 1)}");
                    w.WriteString("identity", identity.Client);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteString("status", "disabled");
                }
                w.WriteEndObject();
            }, sku: r == 9 ? "Standard" : "Premium", userAssigned: [identity]);
        }
        for (var a = 0; a < 30; a++)
        {
            var principal = identities[a % 20].Principal;
            var scope = a % 3 == 0 ? rg : $"{rg}/providers/Microsoft.KeyVault/vaults/kv-{block}-{(a % 2 == 0 ? 1 : 3)}";
            var role = a % 5 == 0 ? "14b46e9e-c2b7-41b4-b07b-48a6ebf60603" : "e147488a-f6f5-4113-8e2d-b22465e65bf6";
            w.WriteStartObject();
            w.WriteString("id", $"{scope}/providers/Microsoft.Authorization/roleAssignments/{Guid(block, 4, a)}");
            w.WriteString("type", "Microsoft.Authorization/roleAssignments");
            w.WriteStartObject("properties");
            w.WriteString("roleDefinitionId", $"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{role}");
            w.WriteString("principalId", principal);
            w.WriteString("principalType", "ServicePrincipal");
            w.WriteString("scope", scope);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        for (var o = 0; o < 914; o++)
        {
            var holds = o < 100 ? new[] { identities[10 + o % 9] } : [];
            Resource(w, $"{rg}/providers/Microsoft.Compute/virtualMachines/vm-{o}", "Microsoft.Compute/virtualMachines", () =>
            {
                w.WriteString("vmId", Guid(block, 5, o));
                w.WriteStartObject("hardwareProfile");
                w.WriteString("vmSize", "Standard_D2s_v5");
                w.WriteEndObject();
                w.WriteString("provisioningState", "Succeeded");
            }, userAssigned: holds);
        }
    }

    private static void Resource(Utf8JsonWriter w, string id, string type, Action properties, string? sku = null,
        IReadOnlyList<(string Id, string Principal, string Client)>? userAssigned = null)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("name", id[(id.LastIndexOf('/') + 1)..]);
        w.WriteString("type", type);
        w.WriteString("location", "westeurope");
        w.WriteStartObject("tags");
        w.WriteString("env", "prod");
        w.WriteString("costCenter", (id.Length % 97).ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        if (sku is not null)
        {
            w.WriteStartObject("sku");
            w.WriteString("name", sku);
            w.WriteEndObject();
        }
        if (userAssigned is { Count: > 0 })
        {
            w.WriteStartObject("identity");
            w.WriteString("type", "UserAssigned");
            w.WriteStartObject("userAssignedIdentities");
            foreach (var identity in userAssigned)
            {
                w.WriteStartObject(identity.Id);
                w.WriteString("principalId", identity.Principal);
                w.WriteString("clientId", identity.Client);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartObject("properties");
        properties();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
