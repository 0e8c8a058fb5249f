using System.Text.Json.Nodes;
using Azure.Core;
using CmkAudit.Tests;

namespace CmkAudit.Collect.Tests;

/// <summary>Documents for the fake ARM, read from the demo estate or a synthetic one, and collector options aimed at it.</summary>
internal static class Estates
{
    public const string Prod = "4b2e8a1c-3f6d-4c9a-8e1b-7d5f2a9c6e30";
    public const string NonProd = "9c7d1e2f-5a3b-4e8c-a6d4-1b2c3d4e5f60";
    public const string Security = "2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e10";
    public static readonly string[] DemoSubscriptions = [Prod, NonProd, Security];

    /// <summary>Every document of a folder of exports, unwrapped from its list shape, az role definitions turned into ARM shape.</summary>
    public static List<JsonObject> Documents(string folder)
    {
        var documents = new List<JsonObject>();
        foreach (var file in Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!;
            var items = root is JsonArray array ? array : root["value"] as JsonArray ?? root["data"] as JsonArray ?? new JsonArray(root.DeepClone());
            foreach (var item in items.Select(i => i!.AsObject()))
            {
                documents.Add(item["roleName"] is not null ? ArmRoleDefinition(item) : item);
            }
        }
        return documents;
    }

    public static List<JsonObject> Demo() => Documents(RepositoryPaths.Demo);

    private static JsonObject ArmRoleDefinition(JsonObject az) => new()
    {
        ["id"] = az["id"]!.DeepClone(),
        ["name"] = az["name"]!.DeepClone(),
        ["type"] = "microsoft.authorization/roledefinitions",
        ["properties"] = new JsonObject
        {
            ["roleName"] = az["roleName"]!.DeepClone(),
            ["type"] = az["roleType"]!.DeepClone(),
            ["description"] = az["description"]?.DeepClone(),
            ["assignableScopes"] = az["assignableScopes"]!.DeepClone(),
            ["permissions"] = az["permissions"]!.DeepClone(),
        },
    };

    public static CollectorOptions Options(FakeArm arm, params string[] subscriptions) => new()
    {
        Cloud = AzureCloud.Find("AzureCloud")!.WithEndpoint(FakeArm.Endpoint),
        Credential = new FixedToken(),
        Subscriptions = subscriptions,
        Handler = arm.Handler,
        ToolVersion = "test",
        RetryDelay = TimeSpan.FromMilliseconds(50),
        NetworkTimeout = TimeSpan.FromSeconds(10),
    };

    public sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("test-token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
