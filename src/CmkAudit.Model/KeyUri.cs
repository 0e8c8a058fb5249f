using System.Text.RegularExpressions;

namespace CmkAudit.Model;

public enum KeyStoreKind
{
    Vault,
    ManagedHsm,
}

/// <summary>
/// A parsed Key Vault or Managed HSM key identifier. ACR writes it without a port, ARM writes ":443",
/// and hosts may differ in case, so <see cref="VersionlessUri"/> is the normalised form used for matching.
/// </summary>
public sealed partial record KeyUri(string Host, string KeyName, string? Version, KeyStoreKind StoreKind)
{
    private static readonly string[] HsmSuffixes = [".managedhsm.azure.net", ".managedhsm.azure.cn", ".managedhsm.usgovcloudapi.net"];

    public bool IsVersioned => Version is not null;

    /// <summary>https://{host}/keys/{name}, lower-case host, no port, no version.</summary>
    public string VersionlessUri => $"https://{Host}/keys/{KeyName}";

    [GeneratedRegex(@"^https://(?<host>[^/:]+)(:443)?/keys/(?<key>[^/]+)(/(?<version>[0-9a-fA-F]{32}))?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static KeyUri? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var match = Pattern().Match(value.Trim());
        if (!match.Success)
        {
            return null;
        }
        var host = match.Groups["host"].Value.ToLowerInvariant();
        var kind = HsmSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal)) ? KeyStoreKind.ManagedHsm : KeyStoreKind.Vault;
        var version = match.Groups["version"].Success ? match.Groups["version"].Value.ToLowerInvariant() : null;
        return new KeyUri(host, match.Groups["key"].Value, version, kind);
    }

    /// <summary>The token audience of the host's data plane, for `az rest --resource` (public, China, US Government clouds).</summary>
    public string DataPlaneAudience
    {
        get
        {
            var dot = Host.IndexOf('.', StringComparison.Ordinal);
            var suffix = StoreKind == KeyStoreKind.ManagedHsm ? Host[(Host.IndexOf(".managedhsm.", StringComparison.Ordinal) + 1)..] : Host[(dot + 1)..];
            return $"https://{suffix}";
        }
    }

    /// <summary>The lower-case host of a vaultUri or hsmUri ("https://name.vault.azure.net/"), without a port.</summary>
    public static string? HostOf(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri.Trim(), UriKind.Absolute, out var parsed))
        {
            return null;
        }
        return parsed.Host.ToLowerInvariant();
    }
}
