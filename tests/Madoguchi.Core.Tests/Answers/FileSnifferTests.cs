using System.Text;
using Madoguchi.Core.Answers;

namespace Madoguchi.Core.Tests.Answers;

public sealed class FileSnifferTests
{
    private static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).Concat(new byte[32]).ToArray();

    public static TheoryData<byte[], string, string> Recognised() => new()
    {
        { Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "申請書.pdf", "pdf" },
        { Bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D), "photo.png", "png" },
        { Bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46), "photo.jpg", "jpeg" },
        { Encoding.ASCII.GetBytes("GIF89a\u0001\u0000"), "anim.gif", "gif" },
        { Encoding.ASCII.GetBytes("GIF87a\u0001\u0000"), "old.gif", "gif" },
        { Bytes(0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0), "fax.tif", "tiff" },
        { Bytes(0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8), "fax.tiff", "tiff" },
        { Bytes(0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0), "計画書.docx", "docx" },
        { Bytes(0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0), "収支.XLSX", "xlsx" },
        { Encoding.UTF8.GetBytes("氏名,金額\n山田,1000\n"), "list.csv", "csv" },
        { Encoding.UTF8.GetBytes("\uFEFF氏名,金額\n"), "list.csv", "csv" },
        { Encoding.UTF8.GetBytes("お問い合わせの内容です。"), "memo.txt", "txt" },
        { Encoding.UTF8.GetBytes("plain text"), "no-extension", "txt" },
        { Encoding.UTF8.GetBytes("a < b and c > d"), "maths.txt", "txt" },
    };

    [Theory]
    [MemberData(nameof(Recognised))]
    public void Detect_recognises_known_kinds_from_their_content(byte[] head, string fileName, string expected)
    {
        Assert.Equal(expected, FileSniffer.Detect(head, fileName));
    }

    [Fact]
    public void Detect_allows_a_utf8_sequence_cut_off_by_the_end_of_the_head()
    {
        var bytes = Encoding.UTF8.GetBytes("申請内容");
        Assert.Equal("txt", FileSniffer.Detect(bytes.AsSpan(0, bytes.Length - 1), "memo.txt"));
        Assert.Equal("txt", FileSniffer.Detect(bytes.AsSpan(0, bytes.Length - 2), "memo.txt"));
    }

    public static TheoryData<byte[], string> Refused() => new()
    {
        { [], "empty.txt" },
        { Encoding.ASCII.GetBytes("MZ\u0090\u0000\u0003"), "invoice.pdf" },
        { Encoding.ASCII.GetBytes("\u007FELF\u0002\u0001"), "photo.png" },
        { Encoding.ASCII.GetBytes("<html><body>x</body></html>"), "page.txt" },
        { Encoding.ASCII.GetBytes("  \r\n<!DOCTYPE html><html>"), "page.csv" },
        { Encoding.ASCII.GetBytes("\n<script>alert(1)</script>"), "a.txt" },
        { Encoding.ASCII.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "image.txt" },
        { Encoding.ASCII.GetBytes("<?xml version=\"1.0\"?><svg/>"), "image.csv" },
        { Bytes(0x50, 0x4B, 0x03, 0x04, 0x14, 0), "archive.zip" },
        { Bytes(0x50, 0x4B, 0x03, 0x04, 0x14, 0), "macro.docm" },
        { Encoding.Unicode.GetBytes("UTF-16 text"), "utf16.txt" },
        { [0x82, 0xA0, 0x82, 0xA2, 0x82, 0xA4], "shift-jis.csv" }, // Shift_JIS is not UTF-8
        { [0x61, 0x62, 0xFF, 0x63], "bad.txt" },
        { [0x61, 0x62, 0xFF], "bad-end.txt" },
        { [0x61, 0x00, 0x62], "nul.txt" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Detect_returns_null_for_executables_markup_and_unknown_content(byte[] head, string fileName)
    {
        Assert.Null(FileSniffer.Detect(head, fileName));
    }

    [Fact]
    public void Every_known_kind_has_a_specific_content_type()
    {
        Assert.Equal(["pdf", "png", "jpeg", "gif", "tiff", "txt", "csv", "docx", "xlsx"], FileSniffer.KnownKinds);
        Assert.All(FileSniffer.KnownKinds, kind => Assert.NotEqual("application/octet-stream", FileSniffer.ContentTypeFor(kind)));
        Assert.Equal("application/pdf", FileSniffer.ContentTypeFor("pdf"));
        Assert.Equal("image/jpeg", FileSniffer.ContentTypeFor("jpeg"));
        Assert.Equal("application/octet-stream", FileSniffer.ContentTypeFor("exe"));
    }
}
