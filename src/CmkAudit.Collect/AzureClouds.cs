using Azure.Identity;
using Azure.ResourceManager;

namespace CmkAudit.Collect;

/// <summary>A sovereign or public cloud: its ARM endpoint, token audience and Entra authority.</summary>
public sealed record AzureCloud(string Name, ArmEnvironment Arm, Uri AuthorityHost)
{
    public static IReadOnlyList<AzureCloud> All { get; } =
    [
        new("AzureCloud", ArmEnvironment.AzurePublicCloud, AzureAuthorityHosts.AzurePublicCloud),
        new("AzureChinaCloud", ArmEnvironment.AzureChina, AzureAuthorityHosts.AzureChina),
        new("AzureUSGovernment", ArmEnvironment.AzureGovernment, AzureAuthorityHosts.AzureGovernment),
    ];

    public static AzureCloud? Find(string name) =>
        All.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The same cloud's audience with another ARM endpoint (Azure Stack, a test server).</summary>
    public AzureCloud WithEndpoint(Uri endpoint) => this with { Arm = new ArmEnvironment(endpoint, Arm.Audience) };
}
