using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace CmkAudit.Model.Input;

/// <summary>
/// Reads the input contract: files or folders (recursively, *.json) holding an ARM array, an ARM list
/// {"value": [...]}, a Resource Graph answer {"data": [...]}, a REST spec example {"responses": {"200": {"body": ...}}},
/// a CmkAudit snapshot {"resources": [...]}, or a single resource. Nothing is lost silently: every file and
/// document that cannot be used becomes a diagnostic, and what could be read is still returned.
/// </summary>
public sealed class InputLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    private readonly Estate _estate = new();
    private readonly ResourceMapper _mapper;
    private readonly Dictionary<string, (UInt128 Hash, string File)> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly ArrayBufferWriter<byte> _canonical = new(4096);
    private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private InputLoader() => _mapper = new ResourceMapper(_estate);

    public static Estate Load(IEnumerable<string> paths)
    {
        var loader = new InputLoader();
        foreach (var path in paths)
        {
            loader.LoadPath(path);
        }
        loader._estate.InputDigest = Convert.ToHexStringLower(loader._digest.GetHashAndReset());
        if (loader._estate.FilesRead.Count > 0 && loader._estate.DocumentsRead == 0)
        {
            loader._estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyInput, DiagnosticSeverity.Error, "The input holds no ARM resource documents."));
        }
        return loader._estate;
    }

    private void LoadPath(string path)
    {
        if (File.Exists(path))
        {
            LoadFile(path);
        }
        else if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyInput, DiagnosticSeverity.Error, $"The folder '{path}' holds no *.json files.", path));
            }
            foreach (var file in files)
            {
                LoadFile(file);
            }
        }
        else
        {
            _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.PathNotFound, DiagnosticSeverity.Error, $"The input path '{path}' does not exist.", path));
        }
    }

    private void LoadFile(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableFile, DiagnosticSeverity.Error, $"The file cannot be read: {e.Message}", file));
            return;
        }
        _estate.FilesRead.Add(file);
        _digest.AppendData(bytes);
        var content = bytes.AsMemory();
        if (content.Span.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }
        if (content.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyInput, DiagnosticSeverity.Error, "The file is empty.", file));
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(content, DocumentOptions);
            ReadContainer(document.RootElement, file);
        }
        catch (JsonException e)
        {
            _estate.Diagnostics.Add(new Diagnostic(
                DiagnosticCodes.MalformedJson,
                DiagnosticSeverity.Error,
                $"Malformed JSON: {FirstSentence(e.Message)}",
                file,
                (e.LineNumber ?? 0) + 1,
                (e.BytePositionInLine ?? 0) + 1));
        }
    }

    private void ReadContainer(JsonElement root, string file)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                ReadResources(root, file);
                return;
            case JsonValueKind.Object:
                break;
            default:
                Unrecognised(file, $"the top-level JSON value is {root.ValueKind.ToString().ToLowerInvariant()}, not an object or array");
                return;
        }

        if (DocumentReader.TryGetProperty(root, "responses", out var responses))
        {
            // A REST spec example: the response body is the document.
            foreach (var status in new[] { "200", "201" })
            {
                if (DocumentReader.TryGetProperty(responses, status, out var response) && DocumentReader.TryGetProperty(response, "body", out var body))
                {
                    ReadContainer(body, file);
                    return;
                }
            }
            Unrecognised(file, "a REST example without a 200 or 201 response body");
            return;
        }
        if (DocumentReader.TryGetProperty(root, "collection", out var collection) && collection.ValueKind == JsonValueKind.Object)
        {
            ReadCollection(collection, file);
        }
        foreach (var listProperty in new[] { "value", "data", "resources" })
        {
            if (DocumentReader.TryGetProperty(root, listProperty, out var list) && !root.TryGetProperty("type", out _))
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    ReadResources(list, file);
                }
                else if (listProperty == "data" && list.ValueKind == JsonValueKind.Object)
                {
                    Unrecognised(file, "a Resource Graph answer in table format; ask for resultFormat objectArray (the default of az graph query)");
                }
                else
                {
                    Unrecognised(file, $"'{listProperty}' is not an array");
                }
                return;
            }
        }
        ReadResource(root, file);
    }

    /// <summary>A snapshot's collection metadata: what could not be read becomes a diagnostic, so reports say coverage is partial.</summary>
    private void ReadCollection(JsonElement collection, string file)
    {
        var reader = new DocumentReader(collection, "snapshot", file, _estate.Diagnostics);
        var failedScopes = reader.Array("coverage.failedScopes") ?? [];
        var failedKeys = reader.Array("coverage.failedKeys") ?? [];
        foreach (var failure in failedScopes)
        {
            _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.ScopeNotCollected, DiagnosticSeverity.Warning,
                $"The scope {reader.String(failure, "scope")} was not read during collection ({reader.Long(failure, "status")}: {reader.String(failure, "reason")}); verdicts that need its resources are unknown.", file));
        }
        foreach (var failure in failedKeys)
        {
            _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.KeyNotCollected, DiagnosticSeverity.Warning,
                $"The key {reader.String(failure, "scope")} was not read during collection ({reader.Long(failure, "status")}: {reader.String(failure, "reason")}); its key rules are unknown.", file));
        }
        foreach (var key in reader.Strings(collection, "coverage.absentKeys") ?? [])
        {
            _estate.AbsentKeys.Add(ArmId.Normalize(key));
        }
        foreach (var registry in reader.Strings(collection, "coverage.tasksCollectedFor") ?? [])
        {
            _estate.TasksCollectedFor.Add(ArmId.Normalize(registry));
        }
        _estate.Collections.Add(new CollectionInfo(
            file,
            reader.String("cloud"),
            reader.String("startedAt"),
            reader.Strings(collection, "subscriptions") ?? [],
            reader.Strings(collection, "managementGroups") ?? [],
            failedScopes.Count > 0 || failedKeys.Count > 0));
    }

    private void ReadResources(JsonElement array, string file)
    {
        foreach (var item in array.EnumerateArray())
        {
            ReadResource(item, file);
        }
    }

    private void ReadResource(JsonElement element, string file)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Unrecognised(file, $"an array item is {element.ValueKind.ToString().ToLowerInvariant()}, not a resource object");
            return;
        }
        var hasId = DocumentReader.TryGetProperty(element, "id", out var idElement) && idElement.ValueKind == JsonValueKind.String;
        var hasType = DocumentReader.TryGetProperty(element, "type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String;
        if (!hasId || !hasType)
        {
            var what = !hasId && !hasType ? "'id' and 'type'" : !hasId ? "'id'" : "'type'";
            _estate.Diagnostics.Add(new Diagnostic(
                DiagnosticCodes.MissingField,
                DiagnosticSeverity.Warning,
                $"A document without a string {what} was skipped{(hasId ? $" ({idElement.GetString()})" : "")}; Resource Graph exports need 'project id, type, ...'.",
                file));
            return;
        }
        _estate.DocumentsRead++;
        var id = idElement.GetString()!;
        var type = typeElement.GetString()!;
        if (!_mapper.IsUsed(type, element))
        {
            var key = type.ToLowerInvariant();
            _estate.IgnoredByType[key] = _estate.IgnoredByType.GetValueOrDefault(key) + 1;
            return;
        }
        if (IsDuplicate(id, element, file))
        {
            return;
        }
        _mapper.Map(element, id, type, file);
    }

    /// <summary>
    /// The same resource may come from two exports; identical content is read once, different content is an
    /// input error because CmkAudit cannot know which one is true. Content is compared by a hash of its
    /// minified JSON so formatting does not matter.
    /// </summary>
    private bool IsDuplicate(string id, JsonElement element, string file)
    {
        _canonical.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_canonical))
        {
            element.WriteTo(writer);
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_canonical.WrittenSpan, digest);
        var hash = new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
        var key = ArmId.Normalize(id);
        if (_seen.TryGetValue(key, out var earlier))
        {
            if (earlier.Hash != hash)
            {
                _estate.Diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.DuplicateConflict,
                    DiagnosticSeverity.Error,
                    $"The resource {id} appears twice with different content (first in '{earlier.File}'); remove the stale copy.",
                    file,
                    ResourceId: id));
            }
            _estate.DuplicatesSkipped++;
            return true;
        }
        _seen[key] = (hash, file);
        return false;
    }

    private void Unrecognised(string file, string why) =>
        _estate.Diagnostics.Add(new Diagnostic(DiagnosticCodes.UnrecognisedDocument, DiagnosticSeverity.Warning, $"Not an ARM resource document: {why}.", file));

    /// <summary>System.Text.Json appends the path and position, which the diagnostic already carries.</summary>
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        return message;
    }
}
