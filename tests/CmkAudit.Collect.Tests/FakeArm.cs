using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmkAudit.Collect.Tests;

/// <summary>
/// A local ARM + Resource Graph server on 127.0.0.1 serving an estate's documents the way Azure does: Resource
/// Graph pages with $skipToken and quota headers, ARM GETs for keys, and the faults a scenario asks for.
/// The client reaches it as https://arm.test through <see cref="Handler"/>, so the pipeline sees TLS.
/// </summary>
internal sealed class FakeArm : IAsyncDisposable
{
    public static readonly Uri Endpoint = new("https://arm.test/");

    private readonly WebApplication _app;
    private readonly List<JsonObject> _resources = [];
    private readonly List<JsonObject> _assignments = [];
    private readonly List<JsonObject> _definitions = [];
    private readonly List<JsonObject> _subscriptions = [];
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.OrdinalIgnoreCase);
    private int _requestNumber;

    /// <summary>Every request the server saw: method, path and query, body.</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string Body)> Requests { get; } = new();

    public HashSet<string> ForbiddenSubscriptions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string[]> ManagementGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fault for the n-th request (1-based): a status, headers, and an optional delay before answering.</summary>
    public Dictionary<int, (int Status, Dictionary<string, string> Headers, TimeSpan Delay)> Faults { get; } = [];

    /// <summary>Quota headers on every successful Resource Graph answer.</summary>
    public string QuotaRemaining { get; set; } = "14";

    public string QuotaResetsAfter { get; set; } = "00:00:05";

    public bool RejectRoleDefinitionQuery { get; set; }

    /// <summary>Registries whose task list answers 403.</summary>
    public HashSet<string> ForbiddenTaskLists { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HttpMessageHandler Handler { get; }

    private FakeArm(WebApplication app, int port)
    {
        _app = app;
        Handler = new Redirect(port);
    }

    public static async Task<FakeArm> StartAsync(IEnumerable<JsonObject> documents)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeArm? arm = null;
        app.Run(context => arm!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        arm = new FakeArm(app, new Uri(address).Port);
        foreach (var document in documents)
        {
            arm.Add(document);
        }
        return arm;
    }

    public int ResourceGraphRequests => Requests.Count(r => r.PathAndQuery.StartsWith("/providers/Microsoft.ResourceGraph", StringComparison.Ordinal));

    private void Add(JsonObject document)
    {
        var type = document["type"]!.GetValue<string>().ToLowerInvariant();
        var id = document["id"]!.GetValue<string>();
        switch (type)
        {
            case "microsoft.authorization/roleassignments":
                _assignments.Add(document);
                break;
            case "microsoft.authorization/roledefinitions":
                _definitions.Add(document);
                break;
            case "microsoft.resources/subscriptions":
                _subscriptions.Add(document);
                break;
            case "microsoft.keyvault/vaults/keys" or "microsoft.keyvault/vaults/keys/versions" or "microsoft.keyvault/managedhsms/keys" or "microsoft.containerregistry/registries/tasks":
                _byId[id] = document;
                break;
            default:
                _resources.Add(document);
                break;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }
        var number = Interlocked.Increment(ref _requestNumber);
        Requests.Enqueue((request.Method, request.Path + request.QueryString, body));
        if (Faults.TryGetValue(number, out var fault))
        {
            try
            {
                await Task.Delay(fault.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up (timeout or cancellation)
            }
            if (fault.Status != 200)
            {
                foreach (var (name, value) in fault.Headers)
                {
                    context.Response.Headers[name] = value;
                }
                await Error(context, fault.Status, fault.Status == 429 ? "RateLimiting" : "InternalServerError", "Injected fault.");
                return;
            }
        }
        if (request.Method == "POST" && request.Path.Equals("/providers/Microsoft.ResourceGraph/resources", StringComparison.OrdinalIgnoreCase))
        {
            await QueryAsync(context, JsonNode.Parse(body)!.AsObject());
        }
        else if (request.Method == "GET" && _byId.TryGetValue(request.Path.Value!, out var document))
        {
            await Json(context, 200, document);
        }
        else if (request.Method == "GET" && request.Path.Value!.EndsWith("/tasks", StringComparison.OrdinalIgnoreCase)
            && ForbiddenTaskLists.Any(r => request.Path.Value.EndsWith($"/registries/{r}/tasks", StringComparison.OrdinalIgnoreCase)))
        {
            await Error(context, 403, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/tasks/read'.");
        }
        else if (request.Method == "GET" && request.Path.Value!.EndsWith("/tasks", StringComparison.OrdinalIgnoreCase))
        {
            var prefix = request.Path.Value + "/";
            var tasks = _byId.Where(d => d.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(d => d.Value.DeepClone()).ToArray();
            await Json(context, 200, new JsonObject { ["value"] = new JsonArray(tasks) });
        }
        else
        {
            await Error(context, 404, "ResourceNotFound", $"The resource '{request.Path}' was not found.");
        }
    }

    private async Task QueryAsync(HttpContext context, JsonObject body)
    {
        var query = body["query"]!.GetValue<string>();
        var subscriptions = body["subscriptions"]?.AsArray().Select(s => s!.GetValue<string>()).ToList()
            ?? ManagementGroups.GetValueOrDefault(body["managementGroups"]![0]!.GetValue<string>())?.ToList() ?? [];
        if (subscriptions.FirstOrDefault(ForbiddenSubscriptions.Contains) is { } forbidden)
        {
            await Error(context, 403, "AuthorizationFailed", $"The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read' over scope '/subscriptions/{forbidden}'.");
            return;
        }
        if (RejectRoleDefinitionQuery && query.Contains("roledefinitions", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"error":{"code":"BadRequest","message":"Please provide below info when asking for support: timestamp = 2026-12-01T00:00:00.0000000Z, correlationId = 00000000-0000-0000-0000-000000000000.","details":[{"code":"InvalidQuery","message":"Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying."},{"code":"ParserFailure","message":"ParserFailure","line":1,"characterPositionInLine":11,"token":"<EOF>","expectedToken":"Ǐ"}]}}""");
            return;
        }
        List<JsonObject> table = query.StartsWith("resourcecontainers", StringComparison.Ordinal) ? _subscriptions
            : query.Contains("roleassignments", StringComparison.Ordinal) ? _assignments
            : query.Contains("roledefinitions", StringComparison.Ordinal) ? _definitions
            : _resources.Where(IsCollectedResource).ToList();
        var isAssignments = table == _assignments;
        var rows = table
            .Where(r => !isAssignments || AssignmentMatches(query, r))
            .Where(r => table == _definitions || subscriptions.Any(s => r["id"]!.GetValue<string>().StartsWith($"/subscriptions/{s}", StringComparison.OrdinalIgnoreCase))
                || (isAssignments && !r["id"]!.GetValue<string>().StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(r => r["id"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase)
            .ToList();
        var options = body["options"]!.AsObject();
        var top = options["$top"]!.GetValue<int>();
        var skip = options["$skipToken"] is { } token ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.GetValue<string>())), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = rows.Skip(skip).Take(top).Select(r => r.DeepClone()).ToArray();
        var answer = new JsonObject
        {
            ["totalRecords"] = rows.Count,
            ["count"] = page.Length,
            ["data"] = new JsonArray(page),
            ["facets"] = new JsonArray(),
            ["resultTruncated"] = "false",
        };
        if (skip + top < rows.Count)
        {
            answer["$skipToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((skip + top).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        context.Response.Headers["x-ms-user-quota-remaining"] = QuotaRemaining;
        context.Response.Headers["x-ms-user-quota-resets-after"] = QuotaResetsAfter;
        await Json(context, 200, answer);
    }

    /// <summary>What the role assignment query selects: its listed scopes, key prefixes, management groups and the root.</summary>
    private static bool AssignmentMatches(string query, JsonObject assignment)
    {
        var scope = assignment["properties"]!["scope"]!.GetValue<string>().ToLowerInvariant();
        var quoted = Regex.Matches(query, "'([^']*)'").Select(m => m.Groups[1].Value).ToList();
        return scope == "/" || scope.StartsWith("/providers/microsoft.management/managementgroups/", StringComparison.Ordinal)
            || quoted.Contains(scope)
            || quoted.Any(q => q.EndsWith("/keys/", StringComparison.Ordinal) && scope.StartsWith(q, StringComparison.Ordinal));
    }

    /// <summary>What the resources query selects: audited types, or anything holding user-assigned identities.</summary>
    private static bool IsCollectedResource(JsonObject row)
    {
        var type = row["type"]!.GetValue<string>().ToLowerInvariant();
        return type is "microsoft.containerregistry/registries" or "microsoft.keyvault/vaults" or "microsoft.keyvault/managedhsms" or "microsoft.managedidentity/userassignedidentities"
            || row["identity"]?["userAssignedIdentities"] is JsonObject;
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Json(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Sends what the pipeline addresses to https://arm.test to the local server over http.</summary>
    private sealed class Redirect(int port) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = "http", Host = "127.0.0.1", Port = port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
