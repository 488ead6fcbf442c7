using System.Globalization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

public sealed class LocalizedTextTests
{
    [Fact]
    public void For_english_without_translation_falls_back_to_japanese()
    {
        Assert.Equal("申請", new LocalizedText("申請", null).For("en"));
        Assert.Equal("Apply", new LocalizedText("申請", "Apply").For("en"));
        Assert.Equal("申請", new LocalizedText("申請", "Apply").For(new CultureInfo("ja-JP")));
    }
}
