using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.ResourceManager;

namespace CmkAudit.Collect;

/// <summary>One answer from ARM: its status, the headers CmkAudit reads, and the body.</summary>
public sealed record ArmResponse(int Status, JsonDocument? Body, string? QuotaRemaining, string? QuotaResetsAfter, string? ErrorCode, string? ErrorMessage) : IDisposable
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public void Dispose() => Body?.Dispose();
}

/// <summary>
/// Raw ARM calls over the ArmClient's own pipeline (token, retries, user agent). Resource Graph has no typed
/// client in Azure.ResourceManager and keys need pinned api-versions, so both go through here.
/// </summary>
internal sealed class ArmGateway : ArmResource
{
    public ArmGateway(ArmClient client) : base(client, ResourceIdentifier.Root)
    {
    }

    private int _requests;

    /// <summary>Requests sent, retries not counted: the cost of a collection.</summary>
    public int Requests => _requests;

    public Task<ArmResponse> PostAsync(string path, string apiVersion, BinaryData body, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, path, apiVersion, body, cancellationToken);

    public Task<ArmResponse> GetAsync(string path, string apiVersion, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Get, path, apiVersion, null, cancellationToken);

    private async Task<ArmResponse> SendAsync(RequestMethod method, string path, string apiVersion, BinaryData? body, CancellationToken cancellationToken)
    {
        using var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Uri.AppendQuery("api-version", apiVersion, escapeValue: true);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(body);
        }
        Interlocked.Increment(ref _requests);
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        JsonDocument? document = null;
        string? code = null, text = null;
        if (response.ContentStream is { } stream && (response.Headers.ContentLength ?? 1) > 0)
        {
            try
            {
                document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                document = null;
            }
        }
        if (response.IsError)
        {
            (code, text) = ReadError(document, response.Status);
        }
        response.Headers.TryGetValue("x-ms-user-quota-remaining", out var remaining);
        response.Headers.TryGetValue("x-ms-user-quota-resets-after", out var resetsAfter);
        return new ArmResponse(response.Status, document, remaining, resetsAfter, code, text);
    }

    /// <summary>The ARM error envelope: an InvalidQuery code may sit in error.code or in any details[].code.</summary>
    private static (string? Code, string Message) ReadError(JsonDocument? document, int status)
    {
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    var detailCode = detail.TryGetProperty("code", out var dc) ? dc.GetString() : null;
                    if (detailCode is "InvalidQuery" && detail.TryGetProperty("message", out var dm))
                    {
                        return (detailCode, dm.GetString() ?? "");
                    }
                }
            }
            return (code, message ?? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}");
        }
        return (null, $"HTTP {status.ToString(CultureInfo.InvariantCulture)}");
    }
}

/// <summary>
/// Retry delays for ARM and Resource Graph: exponential with jitter, but on a 429 without Retry-After, wait for
/// the user quota to reset (x-ms-user-quota-resets-after, "hh:mm:ss"), which Azure.Core does not read by itself.
/// </summary>
internal sealed class QuotaAwareDelay : DelayStrategy
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;

    public QuotaAwareDelay(TimeSpan initial, TimeSpan max) : base(max)
    {
        _initial = initial;
        _max = max;
    }

    protected override TimeSpan GetNextDelayCore(Response? response, int retryNumber)
    {
        if (response is { Status: 429 } && response.Headers.TryGetValue("x-ms-user-quota-resets-after", out var reset)
            && TimeSpan.TryParse(reset, CultureInfo.InvariantCulture, out var wait) && wait > TimeSpan.Zero)
        {
            return wait;
        }
        return TimeSpan.FromTicks(Math.Min(_max.Ticks, _initial.Ticks * (1L << Math.Min(retryNumber - 1, 16))));
    }
}
