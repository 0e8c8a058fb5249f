using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CmkAudit.Reporting.Pdf;

/// <summary>
/// A small flow layout over PDFsharp (MigraDoc is not available here): headings with bookmarks, wrapped text,
/// tables that break across pages with their header repeated, and a final pass for headers and "page X of N".
/// </summary>
internal sealed class PdfLayout
{
    private const double Margin = 42;
    private const double FooterHeight = 24;
    private readonly PdfDocument _document;
    private readonly string _header;
    private PdfPage? _page;
    private XGraphics? _gfx;
    private double _y;

    public PdfLayout(PdfDocument document, string header)
    {
        _document = document;
        _header = header;
    }

    public static XFont Font(double size, bool bold = false) => new(PdfFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    private double Width => _page!.Width.Point - 2 * Margin;

    private double Bottom => _page!.Height.Point - Margin - FooterHeight;

    public void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin + 14;
    }

    private void Ensure(double height)
    {
        if (_page is null || _y + height > Bottom)
        {
            NewPage();
        }
    }

    public void Heading(string text, int level, PdfOutlineCollection? outline = null)
    {
        var size = level == 1 ? 16 : level == 2 ? 12.5 : 10.5;
        Ensure(size * 3);
        _y += level == 1 ? 6 : 4;
        var font = Font(size, bold: true);
        foreach (var line in Wrap(text, font, Width))
        {
            _gfx!.DrawString(line, font, XBrushes.Black, Margin, _y + size);
            _y += size * 1.35;
        }
        if (level == 1)
        {
            _gfx!.DrawLine(new XPen(XColors.LightGray, 1), Margin, _y + 2, Margin + Width, _y + 2);
            _y += 6;
        }
        outline?.Add(text, _page!, true);
        _y += 2;
    }

    public void Text(string text, double size = 9, bool bold = false, XBrush? brush = null)
    {
        var font = Font(size, bold);
        foreach (var line in Wrap(text, font, Width))
        {
            Ensure(size * 1.4);
            _gfx!.DrawString(line, font, brush ?? XBrushes.Black, Margin, _y + size);
            _y += size * 1.4;
        }
        _y += 3;
    }

    public void Space(double points) => _y += points;

    /// <summary>Horizontal bars, one per label, scaled to the largest value.</summary>
    public void Bars(IReadOnlyList<(string Label, int Value, XColor Color)> bars)
    {
        var max = Math.Max(1, bars.Max(b => b.Value));
        var font = Font(9);
        foreach (var (label, value, color) in bars)
        {
            Ensure(16);
            _gfx!.DrawString(label, font, XBrushes.Black, Margin, _y + 10);
            var width = (Width - 140) * value / max;
            _gfx.DrawRectangle(new XSolidBrush(color), Margin + 70, _y + 2, Math.Max(width, 1), 10);
            _gfx.DrawString(value.ToString(System.Globalization.CultureInfo.InvariantCulture), font, XBrushes.Black, Margin + 74 + width, _y + 10);
            _y += 15;
        }
        _y += 4;
    }

    /// <summary>A table whose column widths are fractions of the page width; a row's fill colours its status cell.</summary>
    public void Table(double[] fractions, string[] header, IEnumerable<(string[] Cells, XColor? Fill, int FillColumn)> rows, double size = 7.5)
    {
        var widths = fractions.Select(f => f * Width).ToArray();
        var font = Font(size);
        var bold = Font(size, bold: true);
        void Header()
        {
            var height = RowHeight(header, widths, bold, size);
            Ensure(height + size * 3);
            DrawRow(header, widths, bold, size, height, XColors.Gainsboro, -1);
        }
        Header();
        foreach (var (cells, fill, column) in rows)
        {
            var height = RowHeight(cells, widths, font, size);
            if (_y + height > Bottom)
            {
                NewPage();
                Header();
            }
            DrawRow(cells, widths, font, size, height, fill, column);
        }
        _y += 6;
    }

    private static double RowHeight(string[] cells, double[] widths, XFont font, double size) =>
        cells.Select((c, i) => Wrap(c, font, widths[i] - 6).Count).DefaultIfEmpty(1).Max() * size * 1.3 + 4;

    private void DrawRow(string[] cells, double[] widths, XFont font, double size, double height, XColor? fill, int fillColumn)
    {
        var x = Margin;
        for (var i = 0; i < cells.Length; i++)
        {
            if (fill is { } color && (fillColumn < 0 || fillColumn == i))
            {
                _gfx!.DrawRectangle(new XSolidBrush(color), x, _y, widths[i], height);
            }
            _gfx!.DrawRectangle(new XPen(XColors.Silver, 0.5), x, _y, widths[i], height);
            var lineY = _y + 2;
            foreach (var line in Wrap(cells[i], font, widths[i] - 6))
            {
                _gfx.DrawString(line, font, XBrushes.Black, x + 3, lineY + size);
                lineY += size * 1.3;
            }
            x += widths[i];
        }
        _y += height;
    }

    /// <summary>Greedy word wrap; a word wider than the column (an ARM id) is broken at '/' or by characters.</summary>
    private static List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        using var measure = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
        foreach (var paragraph in (text.Length == 0 ? " " : text).Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (measure.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = word;
                while (measure.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && measure.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }
                    var slash = line.LastIndexOf('/', cut - 1);
                    if (slash > cut / 2)
                    {
                        cut = slash + 1;
                    }
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Draws the running header and "Page X of N" on every page, once N is known.</summary>
    public void Finish()
    {
        _gfx?.Dispose();
        var font = Font(7.5);
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            gfx.DrawString(_header, font, XBrushes.Gray, Margin, Margin - 8);
            var footer = $"Page {i + 1} of {count}";
            var w = gfx.MeasureString(footer, font).Width;
            gfx.DrawString(footer, font, XBrushes.Gray, page.Width.Point - Margin - w, page.Height.Point - Margin + 4);
        }
    }
}
