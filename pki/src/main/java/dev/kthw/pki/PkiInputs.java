package dev.kthw.pki;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the certificate table depends on. A host with both roles appears in both lists (with the same
 * address). Use {@link #of} for the defaults and the {@code with...} methods to change the last three.
 *
 * @param clusterName    cluster name (used by kubeconfigs, not in certificates)
 * @param masters        control-plane hosts, at least one
 * @param workers        hosts running a kubelet
 * @param apiEndpoint    address clients use for the API server: IPv4 literal or DNS name
 * @param firstServiceIp first IP of the service CIDR, e.g. 10.32.0.1
 * @param dnsDomain      cluster DNS domain, e.g. cluster.local
 * @param keyAlgorithm   algorithm for newly generated keys
 * @param leafValidity   validity of newly issued leaf certificates
 * @param caValidity     validity of a newly created CA
 */
public record PkiInputs(
        String clusterName,
        List<Node> masters,
        List<Node> workers,
        String apiEndpoint,
        String firstServiceIp,
        String dnsDomain,
        KeyAlgorithm keyAlgorithm,
        Duration leafValidity,
        Duration caValidity) {

    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

    public PkiInputs {
        Objects.requireNonNull(clusterName, "clusterName");
        masters = List.copyOf(Objects.requireNonNull(masters, "masters"));
        workers = List.copyOf(Objects.requireNonNull(workers, "workers"));
        Objects.requireNonNull(apiEndpoint, "apiEndpoint");
        Objects.requireNonNull(firstServiceIp, "firstServiceIp");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(leafValidity, "leafValidity");
        Objects.requireNonNull(caValidity, "caValidity");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName is blank");
        }
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("at least one master is required");
        }
        checkUniqueNames(masters, "masters");
        checkUniqueNames(workers, "workers");
        Map<String, String> addressByName = new HashMap<>();
        Map<String, String> nameByAddress = new HashMap<>();
        for (List<Node> list : List.of(masters, workers)) {
            for (Node n : list) {
                String prev = addressByName.putIfAbsent(n.name(), n.address());
                if (prev != null && !prev.equals(n.address())) {
                    throw new IllegalArgumentException(
                            "node " + n.name() + " has two addresses: " + prev + " and " + n.address());
                }
                String other = nameByAddress.putIfAbsent(n.address(), n.name());
                if (other != null && !other.equals(n.name())) {
                    throw new IllegalArgumentException(
                            "address " + n.address() + " is used by both " + other + " and " + n.name());
                }
            }
        }
        if (!Names.isIpv4(apiEndpoint) && !Names.isDnsName(apiEndpoint)) {
            throw new IllegalArgumentException("apiEndpoint '" + apiEndpoint + "' is neither IPv4 nor a DNS name");
        }
        if (!Names.isIpv4(firstServiceIp)) {
            throw new IllegalArgumentException("firstServiceIp '" + firstServiceIp + "' is not an IPv4 address");
        }
        if (!Names.isDnsName(dnsDomain)) {
            throw new IllegalArgumentException("dnsDomain '" + dnsDomain + "' is not a DNS name");
        }
        if (leafValidity.compareTo(Duration.ofDays(1)) < 0 || caValidity.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("certificate validity must be at least one day");
        }
    }

    /** Inputs with RSA 2048 keys, 365-day leaves and a 3650-day CA. */
    public static PkiInputs of(String clusterName, List<Node> masters, List<Node> workers, String apiEndpoint,
            String firstServiceIp, String dnsDomain) {
        return new PkiInputs(clusterName, masters, workers, apiEndpoint, firstServiceIp, dnsDomain,
                KeyAlgorithm.DEFAULT, DEFAULT_LEAF_VALIDITY, DEFAULT_CA_VALIDITY);
    }

    public PkiInputs withKeyAlgorithm(KeyAlgorithm algorithm) {
        return new PkiInputs(clusterName, masters, workers, apiEndpoint, firstServiceIp, dnsDomain, algorithm,
                leafValidity, caValidity);
    }

    public PkiInputs withLeafValidity(Duration validity) {
        return new PkiInputs(clusterName, masters, workers, apiEndpoint, firstServiceIp, dnsDomain, keyAlgorithm,
                validity, caValidity);
    }

    public PkiInputs withCaValidity(Duration validity) {
        return new PkiInputs(clusterName, masters, workers, apiEndpoint, firstServiceIp, dnsDomain, keyAlgorithm,
                leafValidity, validity);
    }

    private static void checkUniqueNames(List<Node> nodes, String what) {
        Set<String> seen = new HashSet<>();
        for (Node n : nodes) {
            if (!seen.add(n.name())) {
                throw new IllegalArgumentException("node " + n.name() + " appears twice in " + what);
            }
        }
    }
}
