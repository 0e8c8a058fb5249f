using PdfSharp.Fonts;

namespace CmkAudit.Reporting.Pdf;

/// <summary>A report could not be produced for a reason outside the report (a missing font): exit 3, never a blank file.</summary>
public sealed class ReportOutputException(string message) : Exception(message);

/// <summary>The regular and bold faces the PDF is set in.</summary>
public sealed record PdfFontFiles(string Regular, string Bold)
{
    /// <summary>Font files looked for, in order: DejaVu Sans and Liberation Sans (Linux), Arial (macOS, Windows).</summary>
    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
        ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
        (@"C:\Windows\Fonts\arial.ttf", @"C:\Windows\Fonts\arialbd.ttf"),
    ];

    /// <summary>The first installed candidate; a clear error naming what to install when there is none.</summary>
    public static PdfFontFiles FromSystem() => Find(Candidates);

    public static PdfFontFiles Find(IEnumerable<(string Regular, string Bold)> candidates)
    {
        var list = candidates.ToList();
        foreach (var (regular, bold) in list)
        {
            if (File.Exists(regular) && File.Exists(bold))
            {
                return new PdfFontFiles(regular, bold);
            }
        }
        throw new ReportOutputException(
            $"No font for the PDF report: none of {string.Join(", ", list.Select(c => c.Regular))} exists. " +
            "Install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core) or Liberation Sans, or leave pdf out of --format.");
    }
}

/// <summary>
/// PDFsharp's font resolver is process-wide: it is set once, with the first font files found, and serves one
/// family, "CmkAudit Sans", from them (PDFsharp embeds the subset it uses).
/// </summary>
internal sealed class PdfFontResolver : IFontResolver
{
    public const string Family = "CmkAudit Sans";
    private static readonly object Gate = new();
    private static PdfFontResolver? _installed;
    private readonly Dictionary<string, byte[]> _faces;

    private PdfFontResolver(PdfFontFiles files) =>
        _faces = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["regular"] = File.ReadAllBytes(files.Regular),
            ["bold"] = File.ReadAllBytes(files.Bold),
        };

    public static void Install(PdfFontFiles files)
    {
        lock (Gate)
        {
            if (_installed is null)
            {
                _installed = new PdfFontResolver(files);
                GlobalFontSettings.FontResolver = _installed;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == Family ? new FontResolverInfo(bold ? "bold" : "regular") : null;

    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);
}
