"""Throwaway certificates for a receiver on loopback: an authority of their own, made for the test and trusted by the
portal only through WEBHOOKS_CA_FILE (meant for tests). `bench/webhook_delivery_cpu.py` uses them too."""

import datetime
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

VALID_FOR = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Authority:
    name: str
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(subject: str, issuer: str, key: ec.EllipticCurvePrivateKey) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + VALID_FOR)
    )


def authority_create(name: str = "ICP test receivers' CA") -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        _builder(name, name, key)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(name, certificate, key)


def server_context(authority: Authority, hostname: str, folder: Path) -> ssl.SSLContext:
    """A server's TLS context with a certificate for `hostname` (a DNS name only: no IP address in it, so a client
    that does not send the name cannot verify it), signed by `authority`; its files are written to `folder`."""
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        _builder(hostname, authority.name, key)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()), critical=False)
        .sign(authority.key, hashes.SHA256())
    )
    chain = folder / f"{hostname}.pem"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file = folder / f"{hostname}.key"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain, key_file)
    return context


def authority_file(authority: Authority, folder: Path) -> Path:
    """The authority's certificate as a PEM file, for WEBHOOKS_CA_FILE."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "receivers-ca.pem"
    path.write_bytes(authority.certificate_pem)
    return path
