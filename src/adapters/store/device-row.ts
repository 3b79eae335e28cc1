/** An equipment row as the application sees a device (category and status typed). */
import type { Category, EquipmentStatus } from '../../domain/model.js';
import type { Equipment } from '../../generated/sqlite/client.js';

export type DeviceFields = Pick<Equipment, 'id' | 'code' | 'name' | 'location' | 'category' | 'status' | 'officerId'>;

export function toDevice(d: DeviceFields) {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    location: d.location,
    category: d.category as Category,
    status: d.status as EquipmentStatus,
    officerId: d.officerId,
  };
}
