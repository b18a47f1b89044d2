package dev.sift.model;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory only this process's user can write to, for what sift loads and trusts from disk
 * (ONNX Runtime's native libraries, downloaded model bundles). Their default places under the
 * temp directory have names anyone on the machine can predict, so another user could create one
 * first and plant files in it: such a directory is refused, with what is wrong and what to do.
 */
public final class PrivateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectory() {
    }

    /**
     * {@code dir}, created {@code rwx------} if it does not exist; an existing one must be a real
     * directory (not a link) owned by this process's user and writable by no one else.
     * {@code purpose} names it in the message ("model registry cache").
     */
    public static Path require(Path dir, String purpose) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return Files.createDirectories(dir); // not POSIX (Windows): the temp directory is per user
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException existing) {
            // someone made it first, maybe this process's user in an earlier start: checked below
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String refusal = "; refusing to use it: remove it or choose another directory";
        if (!attributes.isDirectory()) {
            throw new IOException(purpose + " " + dir + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory")
                    + refusal);
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = processUid();
        if (owner != self) {
            throw new IOException(purpose + " " + dir + " belongs to uid " + owner + " (" + attributes.owner().getName()
                    + "), not to this process's uid " + self + refusal);
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(purpose + " " + dir + " is writable by its group or others ("
                    + PosixFilePermissions.toString(permissions) + "); refusing to use it: chmod 700 it or remove it");
        }
        return dir;
    }

    /** The process's effective uid: Linux's /proc/self belongs to it; elsewhere, a file this process creates does. */
    private static int processUid() throws IOException {
        Path self = Path.of("/proc/self");
        if (Files.isDirectory(self)) {
            return (Integer) Files.getAttribute(self, "unix:uid");
        }
        Path probe = Files.createTempFile("sift-uid", ".probe");
        try {
            return (Integer) Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
