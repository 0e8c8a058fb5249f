using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using CmkAudit.Model;

namespace CmkAudit.Collect;

/// <summary>What to collect and how to reach Azure.</summary>
public sealed record CollectorOptions
{
    public required AzureCloud Cloud { get; init; }
    public required TokenCredential Credential { get; init; }
    public IReadOnlyList<string> Subscriptions { get; init; } = [];
    public IReadOnlyList<string> ManagementGroups { get; init; } = [];
    public string ToolVersion { get; init; } = "";

    /// <summary>Resource Graph page size (at most 1000).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Subscriptions per Resource Graph request (at most 1000).</summary>
    public int SubscriptionBatchSize { get; init; } = 1000;

    /// <summary>Key documents fetched at once.</summary>
    public int KeyConcurrency { get; init; } = 8;

    public int MaxRetries { get; init; } = 5;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>An HTTP handler for the ARM pipeline (a proxy, or the tests' local server); null uses the default.</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>Where a collection is, for progress displays.</summary>
public sealed record CollectionProgress(string Stage, int Pages, long Rows, int KeysDone, int KeysTotal);

/// <summary>
/// Collects the documents CmkAudit audits: Resource Graph queries (resources, role assignments, custom role
/// definitions, subscriptions) over every scope, then the keys registries use through ARM. Scopes that answer
/// 403 are recorded and skipped; quota headers are honoured; nothing downstream talks to Azure.
/// </summary>
public sealed class EstateCollector
{
    public const string ResourceGraphApiVersion = "2024-04-01";
    public const string KeyApiVersion = "2024-11-01";

    /// <summary>The stable ACR Tasks api-version (Tasks_List).</summary>
    public const string TaskApiVersion = "2019-04-01";
    private const int VaultsPerAssignmentQuery = 100;

    private readonly CollectorOptions _options;
    private readonly ArmGateway _arm;
    private readonly IProgress<CollectionProgress>? _progress;
    private readonly List<JsonElement> _resources = [];
    private readonly List<FailedScope> _failedScopes = [];
    private readonly List<QueryRecord> _queries = [];
    private int _pages;
    private long _rows;

    private EstateCollector(CollectorOptions options, IProgress<CollectionProgress>? progress)
    {
        _options = options;
        _progress = progress;
        var armOptions = new ArmClientOptions { Environment = options.Cloud.Arm };
        armOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        armOptions.RetryPolicy = new RetryPolicy(options.MaxRetries, new QuotaAwareDelay(options.RetryDelay, options.MaxRetryDelay));
        if (options.Handler is not null)
        {
            armOptions.Transport = new HttpClientTransport(options.Handler);
        }
        _arm = new ArmGateway(new ArmClient(options.Credential, defaultSubscriptionId: null, armOptions));
    }

    public static async Task<Snapshot> CollectAsync(CollectorOptions options, IProgress<CollectionProgress>? progress, CancellationToken cancellationToken)
    {
        if (options.Subscriptions.Count == 0 && options.ManagementGroups.Count == 0)
        {
            throw new CollectionException("Name at least one --subscription or --management-group to collect.");
        }
        var collector = new EstateCollector(options, progress);
        return await collector.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Snapshot> RunAsync(CancellationToken cancellationToken)
    {
        var started = _options.Clock.GetUtcNow();
        var scopes = Scopes();
        await QueryAsync("subscriptions", Query("subscriptions"), scopes, cancellationToken).ConfigureAwait(false);
        await QueryAsync("resources", Query("resources"), scopes, cancellationToken).ConfigureAwait(false);
        await QueryAsync("roledefinitions", Query("roledefinitions"), scopes, cancellationToken).ConfigureAwait(false);

        var uses = KeyUses();
        foreach (var (batch, index) in uses.Select(u => u.VaultId).Distinct(ArmId.Comparer).Chunk(VaultsPerAssignmentQuery).Select((b, i) => (b, i)))
        {
            await QueryAsync($"roleassignments-{index + 1}", RoleAssignmentQuery(batch), scopes, cancellationToken).ConfigureAwait(false);
        }
        var (failedKeys, absentKeys) = await CollectKeysAsync(uses, cancellationToken).ConfigureAwait(false);
        var tasksCollectedFor = await CollectTasksAsync(uses.Select(u => u.RegistryId).Distinct(ArmId.Comparer).ToList(), cancellationToken).ConfigureAwait(false);

        return new Snapshot
        {
            StartedAt = started,
            FinishedAt = _options.Clock.GetUtcNow(),
            ToolVersion = _options.ToolVersion,
            Cloud = _options.Cloud.Name,
            ArmEndpoint = _options.Cloud.Arm.Endpoint.AbsoluteUri,
            Subscriptions = _options.Subscriptions,
            ManagementGroups = _options.ManagementGroups,
            FailedScopes = _failedScopes,
            FailedKeys = failedKeys,
            AbsentKeys = absentKeys,
            TasksCollectedFor = tasksCollectedFor,
            Queries = _queries,
            Requests = _arm.Requests,
            Resources = _resources,
        };
    }

    /// <summary>A unit of Resource Graph scope: a batch of subscriptions, or one management group.</summary>
    private sealed record Scope(IReadOnlyList<string> Subscriptions, string? ManagementGroup)
    {
        public string Describe() => ManagementGroup is { } group
            ? $"/providers/Microsoft.Management/managementGroups/{group}"
            : Subscriptions.Count == 1 ? $"/subscriptions/{Subscriptions[0]}" : $"{Subscriptions.Count} subscriptions";
    }

    private List<Scope> Scopes() =>
    [
        .. _options.Subscriptions.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(Math.Clamp(_options.SubscriptionBatchSize, 1, 1000)).Select(b => new Scope(b, null)),
        .. _options.ManagementGroups.Distinct(StringComparer.OrdinalIgnoreCase).Select(g => new Scope([], g)),
    ];

    private async Task QueryAsync(string name, string query, List<Scope> scopes, CancellationToken cancellationToken)
    {
        var pagesBefore = _pages;
        var rowsBefore = _rows;
        // A 403 on a batch is narrowed to the subscriptions that refuse; the others are read.
        var pending = new Queue<Scope>(scopes);
        while (pending.TryDequeue(out var scope))
        {
            var failure = await QueryScopeAsync(name, query, scope, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                continue;
            }
            scopes.Remove(scope);
            if (scope.Subscriptions.Count > 1)
            {
                foreach (var single in scope.Subscriptions.Select(s => new Scope([s], null)))
                {
                    scopes.Add(single);
                    pending.Enqueue(single);
                }
            }
            else
            {
                // A refusing scope is not asked again by later queries.
                _failedScopes.Add(failure);
            }
        }
        _queries.Add(new QueryRecord(name, query, _pages - pagesBefore, _rows - rowsBefore));
    }

    /// <summary>Reads every page of one query over one scope; returns the failure when the scope refuses access.</summary>
    private async Task<FailedScope?> QueryScopeAsync(string name, string query, Scope scope, CancellationToken cancellationToken)
    {
        string? skipToken = null;
        var rowsBefore = _resources.Count;
        do
        {
            using var response = await SendQueryAsync(query, scope, skipToken, cancellationToken).ConfigureAwait(false);
            if (response.Status is (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.Unauthorized && rowsBefore == _resources.Count)
            {
                return new FailedScope(scope.Describe(), response.Status, $"{response.ErrorCode}: {response.ErrorMessage}");
            }
            if (!response.IsSuccess)
            {
                throw new CollectionException(response.ErrorCode is "InvalidQuery"
                    ? $"Resource Graph rejected the {name} query: {response.ErrorMessage}"
                    : $"Resource Graph answered {response.Status} ({response.ErrorCode}) to the {name} query over {scope.Describe()}: {response.ErrorMessage}");
            }
            var root = response.Body!.RootElement;
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new CollectionException($"Resource Graph answered the {name} query without a data array.");
            }
            foreach (var row in data.EnumerateArray())
            {
                _resources.Add(row.Clone());
            }
            _pages++;
            _rows += data.GetArrayLength();
            _progress?.Report(new CollectionProgress(name, _pages, _rows, 0, 0));
            skipToken = root.TryGetProperty("$skipToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            await RespectQuotaAsync(response, cancellationToken).ConfigureAwait(false);
        }
        while (skipToken is not null);
        return null;
    }

    private Task<ArmResponse> SendQueryAsync(string query, Scope scope, string? skipToken, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("query", query);
            if (scope.ManagementGroup is { } group)
            {
                w.WriteStartArray("managementGroups");
                w.WriteStringValue(group);
                w.WriteEndArray();
            }
            else
            {
                w.WriteStartArray("subscriptions");
                foreach (var subscription in scope.Subscriptions)
                {
                    w.WriteStringValue(subscription);
                }
                w.WriteEndArray();
            }
            w.WriteStartObject("options");
            w.WriteNumber("$top", Math.Clamp(_options.PageSize, 1, 1000));
            if (skipToken is not null)
            {
                w.WriteString("$skipToken", skipToken);
            }
            w.WriteString("resultFormat", "objectArray");
            // Role assignments inherited from management groups and the root are only seen with this filter.
            w.WriteString("authorizationScopeFilter", "AtScopeAboveAndBelow");
            if (scope.ManagementGroup is not null)
            {
                w.WriteBoolean("allowPartialScopes", true);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return _arm.PostAsync("/providers/Microsoft.ResourceGraph/resources", ResourceGraphApiVersion, BinaryData.FromBytes(buffer.ToArray()), cancellationToken);
    }

    /// <summary>Pauses before the user quota runs out rather than after a 429.</summary>
    private async Task RespectQuotaAsync(ArmResponse response, CancellationToken cancellationToken)
    {
        if (int.TryParse(response.QuotaRemaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining) && remaining <= 1
            && TimeSpan.TryParse(response.QuotaResetsAfter, CultureInfo.InvariantCulture, out var wait) && wait > TimeSpan.Zero)
        {
            _progress?.Report(new CollectionProgress($"quota: waiting {wait.TotalSeconds:F0}s", _pages, _rows, 0, 0));
            await Task.Delay(wait, _options.Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A key a CMK registry uses, and the version in use when it may differ from the current one.</summary>
    private sealed record KeyUse(string RegistryId, string VaultId, string KeyName, string? VersionInUse);

    private List<KeyUse> KeyUses()
    {
        var vaultsByHost = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in _resources)
        {
            var type = Text(row, "type");
            var uriField = type.Equals("microsoft.keyvault/vaults", StringComparison.OrdinalIgnoreCase) ? "vaultUri"
                : type.Equals("microsoft.keyvault/managedhsms", StringComparison.OrdinalIgnoreCase) ? "hsmUri" : null;
            if (uriField is not null && row.TryGetProperty("properties", out var p) && KeyUri.HostOf(Text(p, uriField)) is { } host)
            {
                vaultsByHost.TryAdd(host, Text(row, "id"));
            }
        }
        var uses = new List<KeyUse>();
        foreach (var row in _resources.Where(r => Text(r, "type").Equals("microsoft.containerregistry/registries", StringComparison.OrdinalIgnoreCase)))
        {
            if (!row.TryGetProperty("properties", out var p) || !p.TryGetProperty("encryption", out var e)
                || !Text(e, "status").Equals("enabled", StringComparison.OrdinalIgnoreCase) || !e.TryGetProperty("keyVaultProperties", out var kv))
            {
                continue;
            }
            if (KeyUri.TryParse(Text(kv, "keyIdentifier")) is { } key && vaultsByHost.TryGetValue(key.Host, out var vaultId))
            {
                uses.Add(new KeyUse(Text(row, "id"), vaultId, key.KeyName, KeyUri.TryParse(Text(kv, "versionedKeyIdentifier"))?.Version ?? key.Version));
            }
        }
        return uses;
    }

    /// <summary>GETs each key in use (and, when a registry is behind, the version it uses), a few at a time.</summary>
    private async Task<(List<FailedScope> Failed, List<string> Absent)> CollectKeysAsync(List<KeyUse> uses, CancellationToken cancellationToken)
    {
        var keys = uses.GroupBy(u => ArmId.Normalize($"{u.VaultId}/keys/{u.KeyName}")).ToList();
        var failed = new List<FailedScope>();
        var absent = new List<string>();
        var done = 0;
        using var gate = new SemaphoreSlim(Math.Max(1, _options.KeyConcurrency));
        var documents = await Task.WhenAll(keys.Select(async group =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var first = group.First();
                var keyId = $"{first.VaultId}/keys/{first.KeyName}";
                var found = new List<JsonElement>();
                using (var response = await _arm.GetAsync(keyId, KeyApiVersion, cancellationToken).ConfigureAwait(false))
                {
                    if (!Record(response, keyId, found))
                    {
                        return found;
                    }
                }
                var current = KeyUri.TryParse(Text(Property(found[0], "properties"), "keyUriWithVersion"))?.Version;
                foreach (var version in group.Select(u => u.VersionInUse).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
                    .Where(v => !v.Equals(current, StringComparison.OrdinalIgnoreCase)))
                {
                    var versionId = $"{keyId}/versions/{version}";
                    using var response = await _arm.GetAsync(versionId, KeyApiVersion, cancellationToken).ConfigureAwait(false);
                    Record(response, versionId, found);
                }
                return found;
            }
            finally
            {
                gate.Release();
                _progress?.Report(new CollectionProgress("keys", _pages, _rows, Interlocked.Increment(ref done), keys.Count));
            }
        })).ConfigureAwait(false);
        _resources.AddRange(documents.SelectMany(d => d));
        return (failed, absent);

        bool Record(ArmResponse response, string id, List<JsonElement> found)
        {
            if (response.IsSuccess && response.Body is { } body)
            {
                found.Add(body.RootElement.Clone());
                return true;
            }
            lock (failed)
            {
                if (response.Status == (int)HttpStatusCode.NotFound)
                {
                    absent.Add(id);
                }
                else
                {
                    failed.Add(new FailedScope(id, response.Status, $"{response.ErrorCode}: {response.ErrorMessage}"));
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Lists the ACR Tasks of each CMK registry (CMK1006: task logs are kept only 24 hours with CMK). Tasks are not in
    /// Resource Graph; one ARM request per registry. Returns the registries whose tasks were read.
    /// </summary>
    private async Task<List<string>> CollectTasksAsync(List<string> registryIds, CancellationToken cancellationToken)
    {
        var collected = new List<string>();
        foreach (var registryId in registryIds)
        {
            using var response = await _arm.GetAsync($"{registryId}/tasks", TaskApiVersion, cancellationToken).ConfigureAwait(false);
            if (response is { IsSuccess: true, Body: { } body } && body.RootElement.TryGetProperty("value", out var tasks) && tasks.ValueKind == JsonValueKind.Array)
            {
                _resources.AddRange(tasks.EnumerateArray().Select(t => t.Clone()));
                collected.Add(registryId);
            }
            else
            {
                _failedScopes.Add(new FailedScope($"{registryId}/tasks", response.Status, $"{response.ErrorCode}: {response.ErrorMessage}"));
            }
        }
        return collected;
    }

    private static string RoleAssignmentQuery(IEnumerable<string> vaultIds)
    {
        var scopes = new SortedSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var vaultId in vaultIds.Select(ArmId.Normalize))
        {
            scopes.Add(vaultId);
            if (ArmId.SubscriptionOf(vaultId) is { } subscription)
            {
                scopes.Add($"/subscriptions/{subscription}");
                if (ArmId.ResourceGroupOf(vaultId) is { } group)
                {
                    scopes.Add($"/subscriptions/{subscription}/resourcegroups/{group}");
                }
            }
            prefixes.Add($"assignmentScope startswith {Kql(vaultId + "/keys/")}");
        }
        return Query("roleassignments")
            .Replace("{scopes}", string.Join(", ", scopes.Select(Kql)), StringComparison.Ordinal)
            .Replace("{prefixes}", prefixes.Count == 0 ? "false" : string.Join(" or ", prefixes), StringComparison.Ordinal);
    }

    /// <summary>A KQL string literal: single-quoted with backslash escapes.</summary>
    private static string Kql(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>A query from Queries/*.kql with its comment lines removed.</summary>
    private static string Query(string name)
    {
        using var stream = typeof(EstateCollector).Assembly.GetManifestResourceStream($"{name}.kql")
            ?? throw new InvalidOperationException($"The {name} query is missing from the collector.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Replace("\r\n", "\n").Split('\n')
            .Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && l.Trim().Length > 0);
        return string.Join("\n", lines);
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : "";
}
