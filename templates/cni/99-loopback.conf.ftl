{
    "cniVersion": "[=gates.cniVersion]",
    "name": "lo",
    "type": "loopback"
}
