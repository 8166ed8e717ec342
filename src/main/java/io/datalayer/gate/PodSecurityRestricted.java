package io.datalayer.gate;

import static io.datalayer.output.Manifest.list;
import static io.datalayer.output.Manifest.map;
import static io.datalayer.output.Manifest.str;

import io.datalayer.output.Manifest;
import io.datalayer.output.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Pod Security admission at level {@code restricted} (Kubernetes 1.28, which includes
 * {@code baseline}) would reject, checked on every pod template. The namespace is labelled to
 * enforce it, so a template that fails here would never get a pod scheduled.
 */
public final class PodSecurityRestricted {
    public static final String RULE = "pod-security-restricted";

    private static final List<String> VOLUME_TYPES =
            List.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    // The "safe" sysctls of baseline in 1.28.
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
    private static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private PodSecurityRestricted() {
    }

    public static List<Violation> check(List<Manifest> manifests) {
        List<Violation> out = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(manifests)) {
            for (String problem : problems(pod)) {
                out.add(Violation.of(pod.owner(), RULE, problem));
            }
        }
        return out;
    }

    static List<String> problems(PodTemplate pod) {
        List<String> out = new ArrayList<>();
        Map<String, Object> spec = pod.spec();
        Map<String, Object> podSc = map(spec.get("securityContext"));
        for (String ns : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(spec.get(ns))) {
                out.add("pod: spec." + ns + " is true (host namespaces are forbidden)");
            }
        }
        if (Boolean.TRUE.equals(map(podSc.get("windowsOptions")).get("hostProcess"))) {
            out.add("pod: securityContext.windowsOptions.hostProcess is true");
        }
        for (Object v : list(spec.get("volumes"))) {
            Map<String, Object> volume = map(v);
            Set<String> types = new TreeSet<>(volume.keySet());
            types.remove("name");
            types.removeAll(VOLUME_TYPES);
            for (String type : types) {
                out.add("pod: volume \"" + str(volume.get("name")) + "\" has type " + type + "; allowed: " + String.join(", ", VOLUME_TYPES));
            }
        }
        for (Object s : list(podSc.get("sysctls"))) {
            String name = str(map(s).get("name"));
            if (name == null || !SAFE_SYSCTLS.contains(name)) {
                out.add("pod: securityContext.sysctls sets unsafe sysctl " + name);
            }
        }
        seLinux("pod", podSc, out);
        if (Long.valueOf(0).equals(number(podSc.get("runAsUser")))) {
            out.add("pod: securityContext.runAsUser is 0 (root)");
        }
        Object podSeccomp = map(podSc.get("seccompProfile")).get("type");
        if (podSeccomp != null && !SECCOMP_TYPES.contains(str(podSeccomp))) {
            out.add("pod: securityContext.seccompProfile.type is " + podSeccomp + "; must be RuntimeDefault or Localhost");
        }
        for (Map.Entry<String, Object> a : map(pod.metadata().get("annotations")).entrySet()) {
            String value = str(a.getValue());
            if (a.getKey().startsWith(APPARMOR_PREFIX) && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                out.add("pod: annotation " + a.getKey() + " is " + value + "; must be runtime/default or localhost/*");
            }
        }
        for (PodTemplate.Container c : pod.containers()) {
            container(c, podSc, out);
        }
        return out;
    }

    private static void container(PodTemplate.Container c, Map<String, Object> podSc, List<String> out) {
        String who = c.where();
        Map<String, Object> sc = map(c.spec().get("securityContext"));
        if (Boolean.TRUE.equals(sc.get("privileged"))) {
            out.add(who + ": securityContext.privileged is true");
        }
        if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
            out.add(who + ": securityContext.allowPrivilegeEscalation must be false");
        }
        Map<String, Object> caps = map(sc.get("capabilities"));
        if (!list(caps.get("drop")).contains("ALL")) {
            out.add(who + ": securityContext.capabilities.drop must include ALL");
        }
        List<Object> added = list(caps.get("add")).stream().filter(a -> !"NET_BIND_SERVICE".equals(a)).toList();
        if (!added.isEmpty()) {
            out.add(who + ": securityContext.capabilities.add may only contain NET_BIND_SERVICE, found " + added);
        }
        boolean nonRoot = Boolean.TRUE.equals(sc.get("runAsNonRoot"))
                || (Boolean.TRUE.equals(podSc.get("runAsNonRoot")) && !Boolean.FALSE.equals(sc.get("runAsNonRoot")));
        if (!nonRoot) {
            out.add(who + ": runAsNonRoot must be true (on the container or the pod)");
        }
        if (Long.valueOf(0).equals(number(sc.get("runAsUser")))) {
            out.add(who + ": securityContext.runAsUser is 0 (root)");
        }
        Object seccomp = map(sc.get("seccompProfile")).get("type");
        Object effective = seccomp != null ? seccomp : map(podSc.get("seccompProfile")).get("type");
        if (effective == null || !SECCOMP_TYPES.contains(str(effective))) {
            out.add(who + ": seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), is "
                    + (effective == null ? "unset" : effective));
        }
        Object procMount = sc.get("procMount");
        if (procMount != null && !"Default".equals(procMount)) {
            out.add(who + ": securityContext.procMount is " + procMount + "; must be Default");
        }
        seLinux(who, sc, out);
        if (Boolean.TRUE.equals(map(sc.get("windowsOptions")).get("hostProcess"))) {
            out.add(who + ": securityContext.windowsOptions.hostProcess is true");
        }
        List<Object> ports = list(c.spec().get("ports"));
        for (int i = 0; i < ports.size(); i++) {
            Long hostPort = number(map(ports.get(i)).get("hostPort"));
            if (hostPort != null && hostPort != 0) {
                out.add(who + ": ports[" + i + "].hostPort is " + hostPort + " (host ports are forbidden)");
            }
        }
    }

    private static void seLinux(String who, Map<String, Object> sc, List<String> out) {
        Map<String, Object> se = map(sc.get("seLinuxOptions"));
        Object type = se.get("type");
        if (type != null && !SELINUX_TYPES.contains(str(type))) {
            out.add(who + ": securityContext.seLinuxOptions.type " + type + " is not allowed");
        }
        for (String field : List.of("user", "role")) {
            if (se.get(field) != null && !str(se.get(field)).isEmpty()) {
                out.add(who + ": securityContext.seLinuxOptions." + field + " must not be set");
            }
        }
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
