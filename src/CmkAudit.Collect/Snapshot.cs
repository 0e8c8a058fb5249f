using System.Text.Json;

namespace CmkAudit.Collect;

/// <summary>A scope that could not be read, and why: listed in the snapshot and reported as partial coverage.</summary>
public sealed record FailedScope(string Scope, int Status, string Reason);

/// <summary>A Resource Graph query as sent, with what it returned.</summary>
public sealed record QueryRecord(string Name, string Text, int Pages, long Rows);

/// <summary>
/// What a collection gathered: the ARM documents exactly as Azure returned them, plus when, where and how they were
/// read. Written as one JSON file in the input contract's snapshot shape, so `scan --input` reads it back.
/// </summary>
public sealed class Snapshot
{
    public const string Kind = "CmkAuditSnapshot";

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string ToolVersion { get; init; }
    public required string Cloud { get; init; }
    public required string ArmEndpoint { get; init; }
    public required IReadOnlyList<string> Subscriptions { get; init; }
    public required IReadOnlyList<string> ManagementGroups { get; init; }
    public required IReadOnlyList<FailedScope> FailedScopes { get; init; }
    public required IReadOnlyList<FailedScope> FailedKeys { get; init; }
    public required IReadOnlyList<string> AbsentKeys { get; init; }

    /// <summary>Registries whose ACR Tasks were listed (so "no task documents" means "no tasks" for them).</summary>
    public required IReadOnlyList<string> TasksCollectedFor { get; init; }
    public required IReadOnlyList<QueryRecord> Queries { get; init; }
    public required int Requests { get; init; }
    public required IReadOnlyList<JsonElement> Resources { get; init; }

    public bool IsPartial => FailedScopes.Count > 0 || FailedKeys.Count > 0;

    public void WriteTo(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" });
        w.WriteStartObject();
        w.WriteString("kind", Kind);
        w.WriteString("schemaVersion", "1.0");
        w.WriteStartObject("collection");
        w.WriteString("startedAt", StartedAt.UtcDateTime);
        w.WriteString("finishedAt", FinishedAt.UtcDateTime);
        w.WriteString("toolVersion", ToolVersion);
        w.WriteString("cloud", Cloud);
        w.WriteString("armEndpoint", ArmEndpoint);
        WriteStrings(w, "subscriptions", Subscriptions);
        WriteStrings(w, "managementGroups", ManagementGroups);
        w.WriteStartObject("coverage");
        w.WriteBoolean("partial", IsPartial);
        WriteFailures(w, "failedScopes", FailedScopes);
        WriteFailures(w, "failedKeys", FailedKeys);
        WriteStrings(w, "absentKeys", AbsentKeys);
        WriteStrings(w, "tasksCollectedFor", TasksCollectedFor);
        w.WriteEndObject();
        w.WriteNumber("requests", Requests);
        w.WriteStartArray("queries");
        foreach (var query in Queries)
        {
            w.WriteStartObject();
            w.WriteString("name", query.Name);
            w.WriteString("text", query.Text);
            w.WriteNumber("pages", query.Pages);
            w.WriteNumber("rows", query.Rows);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("resources");
        foreach (var resource in Resources)
        {
            resource.WriteTo(w);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }

    private static void WriteFailures(Utf8JsonWriter w, string name, IEnumerable<FailedScope> failures)
    {
        w.WriteStartArray(name);
        foreach (var failure in failures)
        {
            w.WriteStartObject();
            w.WriteString("scope", failure.Scope);
            w.WriteNumber("status", failure.Status);
            w.WriteString("reason", failure.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
