using System.Buffers.Binary;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Seals;

/// <summary>
/// Checks an uploaded seal image before it is stored: a real PNG (signature, an IHDR chunk first with valid
/// values, every chunk's length and CRC intact, image data, IEND last), at most 200 KB, 32–2000 pixels a side.
/// </summary>
public static class SealPng
{
    public const int MaxBytes = 200 * 1024;
    public const int MinPixels = 32;
    public const int MaxPixels = 2000;

    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Null when the image is acceptable; otherwise what is wrong, in Japanese and English.</summary>
    public static LocalizedText? Problem(ReadOnlySpan<byte> png)
    {
        if (png.Length == 0)
        {
            return new("印影の画像ファイルを選んでください。", "Choose a seal image file.");
        }

        if (png.Length > MaxBytes)
        {
            return new($"印影の画像は{MaxBytes / 1024}KB以下にしてください（このファイルは{(png.Length + 1023) / 1024}KBです）。",
                $"The seal image must be at most {MaxBytes / 1024} KB (this file is {(png.Length + 1023) / 1024} KB).");
        }

        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            return new("印影の画像はPNG形式にしてください（このファイルはPNGではありません）。", "The seal image must be a PNG file (this file is not a PNG).");
        }

        var broken = new LocalizedText("PNGファイルが壊れているため読み取れません。保存し直してからアップロードしてください。", "The PNG file is damaged and cannot be read; save it again and upload it once more.");
        var offset = Signature.Length;
        var first = true;
        var sawData = false;
        while (true)
        {
            if (offset + 12 > png.Length)
            {
                return broken;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            if (length > (uint)(png.Length - offset - 12))
            {
                return broken;
            }

            var type = png.Slice(offset + 4, 4);
            var data = png.Slice(offset + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + (int)length)..]);
            if (Crc(png.Slice(offset + 4, 4 + (int)length)) != crc)
            {
                return broken;
            }

            if (first)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    return broken;
                }

                var width = BinaryPrimitives.ReadUInt32BigEndian(data);
                var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                if (!ValidHeader(data[8], data[9], data[10], data[11], data[12]))
                {
                    return broken;
                }

                if (width is < MinPixels or > MaxPixels || height is < MinPixels or > MaxPixels)
                {
                    return new($"印影の画像は縦横それぞれ{MinPixels}〜{MaxPixels}ピクセルにしてください（この画像は{width}×{height}ピクセルです）。",
                        $"The seal image must be {MinPixels} to {MaxPixels} pixels on each side (this one is {width} × {height}).");
                }

                first = false;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return sawData ? null : broken;
            }

            offset += 12 + (int)length;
        }
    }

    /// <summary>Bit depth and colour type from the PNG specification's table; deflate, adaptive filtering, no or Adam7 interlace.</summary>
    private static bool ValidHeader(byte bitDepth, byte colourType, byte compression, byte filter, byte interlace)
    {
        var depthOk = colourType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        return depthOk && compression == 0 && filter == 0 && interlace is 0 or 1;
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
