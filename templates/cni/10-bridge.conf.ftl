{
    "cniVersion": "[=gates.cniVersion]",
    "name": "bridge",
    "type": "bridge",
    "bridge": "cni0",
    "isGateway": true,
    "ipMasq": true,
    "ipam": {
        "type": "host-local",
        "ranges": [
            [{"subnet": "[=host.podCidr]"}]
        ],
        "routes": [{"dst": "0.0.0.0/0"}]
    }
}
