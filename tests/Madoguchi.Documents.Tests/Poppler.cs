using System.Diagnostics;

namespace Madoguchi.Documents.Tests;

/// <summary>Runs poppler-utils (pdfsig, pdftotext, pdftoppm) as processes on a PDF written to a temp file.</summary>
internal static class Poppler
{
    public static (int ExitCode, string Output) Run(string tool, byte[] pdf, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "madoguchi-docs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "doc.pdf");
            File.WriteAllBytes(file, pdf);
            var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a == "{pdf}" ? file : a == "{dir}" ? dir : a);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    public static string Text(byte[] pdf) => Run("pdftotext", pdf, "-enc", "UTF-8", "{pdf}", "-").Output;

    /// <summary>Page 1 at 72 dpi as width, height and RGB bytes (binary PPM, decoded here).</summary>
    public static (int Width, int Height, byte[] Rgb) RenderPage1(byte[] pdf) => RenderPage(pdf, 1);

    public static (int Width, int Height, byte[] Rgb) RenderPage(byte[] pdf, int pageNumber)
    {
        var dir = Path.Combine(Path.GetTempPath(), "madoguchi-ppm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "doc.pdf");
            File.WriteAllBytes(file, pdf);
            var info = new ProcessStartInfo("pdftoppm") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-r", "72", "-f", pageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", pageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), "-singlefile", file, Path.Combine(dir, "page") })
            {
                info.ArgumentList.Add(a);
            }

            using (var process = Process.Start(info)!)
            {
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode);
            }

            var bytes = File.ReadAllBytes(Path.Combine(dir, "page.ppm"));
            // Header: "P6\n<w> <h>\n255\n" (whitespace separated tokens).
            var pos = 0;
            string Token()
            {
                while (char.IsWhiteSpace((char)bytes[pos])) { pos++; }
                var start = pos;
                while (!char.IsWhiteSpace((char)bytes[pos])) { pos++; }
                return System.Text.Encoding.ASCII.GetString(bytes, start, pos - start);
            }

            Assert.Equal("P6", Token());
            var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
            var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("255", Token());
            pos++;
            return (width, height, bytes[pos..(pos + (width * height * 3))]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
