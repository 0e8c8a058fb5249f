using System.Security.Cryptography;
using System.Text;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// Stable, URL-safe names for Azure resources where a format wants a file path (SARIF locations). Paths are
/// lower-cased because ARM ids vary in case between APIs, and every segment is percent-encoded because resource
/// group names may hold '(', ')' and '.'.
/// </summary>
public static class ResourcePaths
{
    public static string ArtifactPath(string resourceId)
    {
        var id = resourceId.Trim();
        string prefix;
        if (id.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = "keyvault";
            id = id["https://".Length..];
        }
        else
        {
            prefix = "azure";
        }
        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Uri.EscapeDataString(s.ToLowerInvariant()))
            .ToList();
        return segments.Count == 0 ? $"{prefix}/tenant" : $"{prefix}/{string.Join('/', segments)}";
    }

    /// <summary>A fingerprint that survives re-runs and id case changes: SHA-256 of rule id and lower-cased resource id.</summary>
    public static string Fingerprint(string ruleId, string resourceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{ruleId}|{resourceId.Trim().TrimEnd('/').ToLowerInvariant()}")));
}
