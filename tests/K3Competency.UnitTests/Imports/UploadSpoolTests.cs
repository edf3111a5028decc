using System.Security.Cryptography;
using K3Competency.Application;
using K3Competency.Application.Imports;

namespace K3Competency.UnitTests.Imports;

public sealed class UploadSpoolTests
{
    [Fact]
    public async Task Spooled_upload_is_readable_but_has_no_name_on_disk_so_a_killed_process_leaves_no_copy()
    {
        var upload = "nik,sesi,status\n3578080102900001,1,HADIR\n"u8.ToArray();

        await using var spool = await UploadSpool.CopyAsync(new MemoryStream(upload), 1024, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(upload)), spool.Sha256);
        using var copy = new MemoryStream();
        await spool.File.CopyToAsync(copy);
        Assert.Equal(upload, copy.ToArray());
        // Only Unix lets an open file be unlinked; Windows deletes it when the handle closes, even on a kill.
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(File.Exists(spool.File.Name), "the spooled upload is still in the temp folder");
        }
    }

    [Fact]
    public async Task Upload_over_the_limit_is_refused_while_spooling()
    {
        var upload = new byte[2048];

        var e = await Assert.ThrowsAsync<ImportFileException>(() => UploadSpool.CopyAsync(new MemoryStream(upload), 1024, CancellationToken.None));
        Assert.Equal(Failure.TooLarge, e.Failure);
    }
}
