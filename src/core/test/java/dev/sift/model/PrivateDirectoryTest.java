package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void createsTheDirectoryReadableAndWritableByThisUserOnly() throws IOException {
        Path dir = PrivateDirectory.require(tmp.resolve("a/b/cache"), "test cache");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void acceptsAnExistingDirectoryOfThisUserThatOnlyItCanWrite() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("cache"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(dir, PrivateDirectory.require(dir, "test cache"));
    }

    @Test
    void refusesASymbolicLinkWhereTheDirectoryShouldBe() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("cache"), target);
        IOException e = assertThrows(IOException.class, () -> PrivateDirectory.require(link, "test cache"));
        assertEquals("test cache " + link + " is a symbolic link; refusing to use it: remove it or choose another directory",
                e.getMessage());
    }

    @Test
    void refusesADirectoryOfAnotherUser() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("cache"));
        try {
            Files.setAttribute(dir, "unix:uid", 65534); // only root may give a directory away
        } catch (IOException notRoot) {
            Assumptions.abort("needs root to make a directory of another user: " + notRoot.getMessage());
        }
        IOException e = assertThrows(IOException.class, () -> PrivateDirectory.require(dir, "test cache"));
        assertTrue(e.getMessage().startsWith("test cache " + dir + " belongs to uid 65534 ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(", not to this process's uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid")
                + "; refusing to use it: remove it or choose another directory"), e.getMessage());
    }
}
