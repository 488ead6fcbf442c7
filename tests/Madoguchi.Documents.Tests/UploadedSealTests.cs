using System.IO.Compression;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Templates;

namespace Madoguchi.Documents.Tests;

public class UploadedSealTests
{
    /// <summary>A 32×32 RGBA PNG: a red disc on a transparent background.</summary>
    internal static byte[] RedDiscPng()
    {
        const int n = 32;
        var raw = new MemoryStream();
        for (var y = 0; y < n; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < n; x++)
            {
                var inside = ((x - 15.5) * (x - 15.5)) + ((y - 15.5) * (y - 15.5)) < 15 * 15;
                raw.Write(inside ? [0xD7, 0x00, 0x0F, 0xFF] : [0, 0, 0, 0]);
            }
        }

        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw.ToArray());
        }

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, n, 0, 0, 0, n, 8, 6, 0, 0, 0]);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write([(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length]);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        s.Write([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public void Uploaded_png_seal_is_drawn_at_the_template_position()
    {
        var notice = DocumentRenderer.Render(DocumentTemplate.BuiltIn("notice-grant"), Samples.Data(), SealImage.Uploaded(RedDiscPng()));
        var page = Poppler.RenderPage1(notice.Pdf);
        const double px = 72 / 25.4;
        var slot = notice.OfficialSealSlot!;
        // Centre of the seal is red; a corner (transparent in the PNG) shows the page through.
        int At(double xMm, double yMm) => (((int)(yMm * px) * page.Width) + (int)(xMm * px)) * 3;
        var centre = At(slot.X + (slot.Size / 2), slot.Y + (slot.Size / 2));
        Assert.True(page.Rgb[centre] > 170 && page.Rgb[centre + 1] < 90);
        var corner = At(slot.X + 0.5, slot.Y + 0.5);
        Assert.True(page.Rgb[corner + 1] > 200);
    }

    [Fact]
    public async Task Uploaded_png_seal_can_be_a_signature_appearance()
    {
        var decision = Samples.Decision();
        var slot = decision.ApproverSlots[0];
        using var identity = Signing.SigningIdentity.CreateDevelopment("金沢市");
        var signed = await new Signing.PadesSigner().SignAsync(decision.Pdf, identity, Signing.SignatureAppearance.WithSeal(slot, SealImage.Uploaded(RedDiscPng())));
        Assert.Equal(["Signature is Valid."], SigningTests.PdfsigStatuses(signed));
        var page = Poppler.RenderPage1(signed);
        const double px = 72 / 25.4;
        var centre = ((((int)((slot.Y + (slot.Size / 2)) * px)) * page.Width) + (int)((slot.X + (slot.Size / 2)) * px)) * 3;
        Assert.True(page.Rgb[centre] > 170 && page.Rgb[centre + 1] < 90);
    }

    [Fact]
    public void Non_png_upload_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SealImage.Uploaded([0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0]));
    }
}
