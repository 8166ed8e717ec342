package io.datalayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a command as a container of a synthesized pod template would run it, with bubblewrap
 * ({@code bwrap}): the machine's root read-only, the container's volume mounts at their paths
 * (writable only where the manifest says so), the pod's uid, gid and fsGroup, no capabilities, no
 * controlling terminal, and the container's environment. A path the process writes that the pod
 * does not provide fails with "Read-only file system", as it would in the cluster.
 *
 * <p>What stands in for the image: {@code imagePaths} are host folders bound read-only where the
 * image has them (the PostgreSQL 18.4 binaries at {@code /usr/lib/postgresql/18}), {@code imageEnv}
 * the image's own variables (PATH, LANG), and {@code /etc/passwd} names the pod's uid as the image
 * does ({@code postgres}). Everything else is the host's own, read-only.
 *
 * <p>Needs root (bwrap mounts, setpriv drops to the pod's uid); missing tools fail with what to do.
 */
public final class PodSandbox {
    private final Node pod;
    private final Map<String, Path> volumes;
    private final Map<String, Path> imagePaths;
    private final Map<String, String> imageEnv;
    private final Path support;
    private final int uid;
    private final int gid;
    private final int fsGroup;

    /**
     * @param pod        the pod spec ({@code spec.template.spec} of a workload)
     * @param volumes    the host folder behind each of the pod's volumes, by volume name
     * @param imagePaths host folders bound read-only at these paths, as the image has them
     * @param imageEnv   the image's environment, under the container's own
     * @param support    a folder for the sandbox's own files (passwd, group)
     */
    public PodSandbox(Node pod, Map<String, Path> volumes, Map<String, Path> imagePaths, Map<String, String> imageEnv,
                      Path support) {
        requireTools();
        this.pod = pod;
        this.volumes = Map.copyOf(volumes);
        this.imagePaths = Map.copyOf(imagePaths);
        this.imageEnv = Map.copyOf(imageEnv);
        this.support = support;
        this.uid = number(pod.at("securityContext.runAsUser"), "securityContext.runAsUser");
        this.gid = number(pod.at("securityContext.runAsGroup"), "securityContext.runAsGroup");
        this.fsGroup = number(pod.at("securityContext.fsGroup"), "securityContext.fsGroup");
        for (Object v : pod.at("volumes").list()) {
            String name = Node.of(v).at("name").string();
            if (!volumes.containsKey(name)) {
                throw new AssertionError("the test gives no folder for the pod's volume " + name);
            }
        }
        try {
            Files.createDirectories(support);
            // The image's users: its postgres user has the pod's uid (999 in the Debian image).
            Files.writeString(support.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                    + "postgres:x:" + uid + ":" + gid + ":PostgreSQL:/var/lib/postgresql:/bin/bash\n", StandardCharsets.UTF_8);
            Files.writeString(support.resolve("group"), "root:x:0:\npostgres:x:" + gid + ":\n"
                    + (fsGroup != gid ? "fsgroup:x:" + fsGroup + ":\n" : ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int uid() {
        return uid;
    }

    public int fsGroup() {
        return fsGroup;
    }

    /** The container (or init container) of this pod named {@code name}. */
    public Node container(String name) {
        for (String field : List.of("containers", "initContainers")) {
            Object list = pod.at(field).value();
            for (Object c : list == null ? List.of() : Node.of(list).list()) {
                if (name.equals(Node.of(c).at("name").string())) {
                    return Node.of(c);
                }
            }
        }
        throw new AssertionError("the pod has no container " + name);
    }

    /** The container's literal environment, in manifest order. */
    public Map<String, String> env(String container) {
        Map<String, String> env = new LinkedHashMap<>();
        Object list = container(container).at("env").value();
        if (list != null) {
            for (Object e : Node.of(list).list()) {
                Node var = Node.of(e);
                env.put(var.at("name").string(), var.at("value").string());
            }
        }
        return env;
    }

    /**
     * The command line that runs {@code argv} in {@code container}, with the image's environment,
     * then the container's, then {@code overrides} (each of which must be a variable the container
     * sets, or one the image sets).
     */
    public ProcessBuilder command(String container, List<String> argv, Map<String, String> overrides) {
        return command(container, argv, overrides, false);
    }

    /**
     * As {@link #command(String, List, Map)}; with {@code ownPids} in a PID namespace of its own, as
     * PID 1 like a container's command, so every process it leaves behind (a daemon it started) dies
     * when it ends.
     */
    public ProcessBuilder command(String container, List<String> argv, Map<String, String> overrides, boolean ownPids) {
        Map<String, String> env = new TreeMap<>(imageEnv);
        Map<String, String> own = env(container);
        env.putAll(own);
        overrides.forEach((name, value) -> {
            if (!own.containsKey(name) && !imageEnv.containsKey(name)) {
                throw new AssertionError("container " + container + " does not set " + name + "; the test may not invent it");
            }
            env.put(name, value);
        });

        List<String> cmd = new ArrayList<>(List.of("bwrap", "--die-with-parent", "--new-session", "--unshare-ipc",
                "--unshare-uts", "--hostname", "pod"));
        if (ownPids) {
            // As in a container: the command is PID 1 of its namespace (signals without a handler are ignored).
            cmd.addAll(List.of("--unshare-pid", "--as-pid-1"));
        }
        Map<Path, String[]> binds = new TreeMap<>(Comparator.comparing(Path::getNameCount).thenComparing(Comparator.naturalOrder()));
        for (Object m : container(container).at("volumeMounts").list()) {
            Node mount = Node.of(m);
            Path source = volumes.get(mount.at("name").string());
            boolean readOnly = Boolean.TRUE.equals(mount.at("readOnly").value());
            binds.put(canonical(Path.of(mount.at("mountPath").string())),
                    new String[] {readOnly ? "--ro-bind" : "--bind", source.toString()});
        }
        imagePaths.forEach((path, source) -> binds.put(canonical(Path.of(path)), new String[] {"--ro-bind", source.toString()}));
        binds.put(Path.of("/etc/passwd"), new String[] {"--ro-bind", support.resolve("passwd").toString()});
        binds.put(Path.of("/etc/group"), new String[] {"--ro-bind", support.resolve("group").toString()});

        layout(Path.of("/"), binds.keySet(), cmd);
        cmd.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
        binds.forEach((target, how) -> cmd.addAll(List.of(how[0], how[1], target.toString())));
        cmd.addAll(List.of("--remount-ro", "/", "--chdir", "/", "--clearenv"));
        env.forEach((name, value) -> cmd.addAll(List.of("--setenv", name, value)));
        cmd.addAll(List.of("--", "setpriv", "--reuid=" + uid, "--regid=" + gid, "--groups=" + fsGroup,
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return pb;
    }

    /**
     * The read-only root: every host entry bound read-only at its place, except where a mount
     * goes; a folder that holds a mount is recreated (on bwrap's root tmpfs, read-only at the end)
     * and filled the same way one level down.
     */
    private static void layout(Path dir, Set<Path> targets, List<String> cmd) {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path child : children) {
            String top = dir.getNameCount() == 0 ? child.getFileName().toString() : "";
            if (top.equals("proc") || top.equals("dev") || top.equals("sys") || targets.contains(child)) {
                continue;
            }
            try {
                if (Files.isSymbolicLink(child)) {
                    cmd.addAll(List.of("--symlink", Files.readSymbolicLink(child).toString(), child.toString()));
                } else if (targets.stream().anyMatch(t -> t.startsWith(child))) {
                    cmd.addAll(List.of("--dir", child.toString()));
                    layout(child, targets, cmd);
                } else {
                    cmd.addAll(List.of("--ro-bind-try", child.toString(), child.toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A mount path with the host's symlinks resolved ({@code /var/run} is {@code /run} on Debian, as in the image). */
    private static Path canonical(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? Path.of("/") : existing.toRealPath();
            return existing == null ? path : real.resolve(existing.relativize(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Node node, String what) {
        if (!(node.value() instanceof Number n)) {
            throw new AssertionError("the pod spec has no " + what);
        }
        return n.intValue();
    }

    private static void requireTools() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("the pod sandbox needs root (bwrap mounts, setpriv drops to the pod's uid); run the tests as root");
        }
        for (String tool : List.of("bwrap", "setpriv")) {
            if (Stream.of("/usr/bin", "/bin", "/usr/sbin").noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                throw new AssertionError(tool + " is missing; run scripts/setup.sh (it installs Debian's bubblewrap)");
            }
        }
    }
}
